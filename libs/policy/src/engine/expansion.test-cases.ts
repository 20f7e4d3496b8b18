import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A JSON case file under libs/policy/test-cases: one topic and its cases. */
export interface CaseFile<Case> {
  description: string;
  cases: Case[];
}

/** Reads every `.json` case file of one folder of libs/policy/test-cases, sorted by name. */
export function loadCaseFiles<Case>(folder: string): [string, CaseFile<Case>][] {
  const directory = join(import.meta.dirname, '../../test-cases', folder);

  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .toSorted()
    .map((name) => [
      name,
      JSON.parse(readFileSync(join(directory, name), 'utf8')) as CaseFile<Case>,
    ]);
}
