import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { synthesisePolicyDocument } from '../document.js';

import type { ActionCatalog } from './catalog.js';
import { loadActionCatalog } from './catalog-loader.js';
import { diffPolicies } from './diff.js';
import { documentArbitrary, relaidOut } from './diff.test-arbitraries.js';
import { expandPolicy, grantKey } from './expansion.js';
import { permissionsArbitrary } from './expansion.test-arbitraries.js';
import { parsePolicy } from './grammar.js';

let catalog: ActionCatalog;

beforeAll(async () => {
  catalog = await loadActionCatalog();
}, 30_000);

function allowedKeys(document: unknown): string[] {
  return [...expandPolicy(parsePolicy(document), catalog).allowed].toSorted();
}

describe('diffPolicies on the real catalog', { timeout: 60_000 }, () => {
  it('finds nothing against itself', () => {
    fc.assert(
      fc.property(documentArbitrary, (document) => {
        const diff = diffPolicies(document, document, catalog);

        expect(diff.equivalent).toBe(true);
        expect(diff.added).toEqual([]);
        expect(diff.removed).toEqual([]);
        expect(diff.statements).toEqual({ added: [], removed: [], changed: [] });
      }),
      { numRuns: 30 },
    );
  });

  it('adds what only the second allows', () => {
    fc.assert(
      fc.property(documentArbitrary, documentArbitrary, (before, after) => {
        const diff = diffPolicies(before, after, catalog);
        const beforeKeys = new Set(allowedKeys(before));
        const afterKeys = new Set(allowedKeys(after));

        expect(diff.added.map(grantKey)).toEqual(
          [...afterKeys].filter((key) => !beforeKeys.has(key)).toSorted(),
        );
        expect(diff.removed.map(grantKey)).toEqual(
          [...beforeKeys].filter((key) => !afterKeys.has(key)).toSorted(),
        );
        const unchanged = diff.added.length === 0 && diff.removed.length === 0;
        expect(diff.equivalent).toBe(unchanged);
      }),
      { numRuns: 30 },
    );
  });

  it('swaps added and removed', () => {
    fc.assert(
      fc.property(documentArbitrary, documentArbitrary, (before, after) => {
        const forward = diffPolicies(before, after, catalog);
        const backward = diffPolicies(after, before, catalog);

        expect(backward.added).toEqual(forward.removed);
        expect(backward.removed).toEqual(forward.added);
      }),
      { numRuns: 30 },
    );
  });

  it('ignores another layout', () => {
    fc.assert(
      fc.property(
        documentArbitrary.chain((document) =>
          relaidOut(document).map((other) => ({ document, other })),
        ),
        ({ document, other }) => {
          const diff = diffPolicies(document, other, catalog);

          expect(diff.added).toEqual([]);
          expect(diff.removed).toEqual([]);
          expect(diff.equivalent).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('matches synthesis to one statement per permission', () => {
    fc.assert(
      fc.property(permissionsArbitrary(catalog, 'identity'), (permissions) => {
        const synthesised = synthesisePolicyDocument('identity', permissions, { catalog });
        const flat = {
          Version: '2012-10-17',
          Statement: permissions.map(({ action, resource, condition }) => ({
            Effect: 'Allow',
            Action: action,
            Resource: catalog.action(action)?.supportsResourceLevelPermissions ? resource : '*',
            ...(condition === undefined ? {} : { Condition: condition }),
          })),
        };

        expect(diffPolicies(synthesised, flat, catalog).equivalent).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
