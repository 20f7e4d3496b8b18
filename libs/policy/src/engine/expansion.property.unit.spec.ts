import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import type { PolicyType } from '../../../contract/src/index.js';
import { synthesisePolicy } from '../document.js';
import type { Permission } from '../permission.js';

import type { ActionCatalog } from './catalog.js';
import { loadActionCatalog } from './catalog-loader.js';
import { expandPolicy, type ExpandedGrant } from './expansion.js';
import { resourcePatternCovers } from './expansion-pattern.js';
import { expectedGrantKeys, permissionsArbitrary } from './expansion.test-arbitraries.js';
import type { GeneralisationOption } from './generalisation.js';
import { parsePolicy } from './grammar.js';

let catalog: ActionCatalog;

beforeAll(async () => {
  catalog = await loadActionCatalog();
}, 30_000);

/** Defers building the arbitrary until the catalog is loaded. */
const scenario = () =>
  fc
    .constantFrom<PolicyType>('identity', 'resource')
    .chain((policyType) =>
      permissionsArbitrary(catalog, policyType).map((permissions) => ({ policyType, permissions })),
    );

function expandSynthesised(
  policyType: PolicyType,
  permissions: Permission[],
  generalisation: GeneralisationOption = 'exact',
) {
  const result = synthesisePolicy(policyType, permissions, { generalisation, catalog });
  const expansion = expandPolicy(parsePolicy(result.document), catalog);

  return { ...result, expansion };
}

/** Identifies the action and scope of a grant, leaving out its resource. */
function scopeOf(grant: ExpandedGrant): string {
  const { resource: _resource, ...scope } = grant;
  return JSON.stringify(scope, Object.keys(scope).toSorted());
}

describe('synthesis on the real catalog', { timeout: 60_000 }, () => {
  it('uses the installed catalog', () => {
    expect(catalog.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(catalog.allActions().length).toBeGreaterThan(10_000);
  });

  it('allows exactly the input', () => {
    fc.assert(
      fc.property(scenario(), ({ policyType, permissions }) => {
        const { expansion } = expandSynthesised(policyType, permissions);

        expect([...expansion.allowed].toSorted()).toEqual(
          [...expectedGrantKeys(permissions, catalog)].toSorted(),
        );
        expect(expansion.catalogVersion).toBe(catalog.version);
        expect(expansion.unmatchedActionPatterns).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('widens only crowded parents', () => {
    let widenedRuns = 0;

    fc.assert(
      fc.property(scenario(), fc.nat({ max: 3 }), ({ policyType, permissions }, threshold) => {
        const exact = expectedGrantKeys(permissions, catalog);
        const { expansion, generalisation } = expandSynthesised(policyType, permissions, {
          strategy: 'wildcard-per-resource-type',
          threshold,
        });
        const exactGrants = expandSynthesised(policyType, permissions).expansion.grants;
        const grants = [...expansion.grants.values()];

        for (const exactGrant of exactGrants.values()) {
          const covering = grants.filter(
            (grant) =>
              scopeOf(grant) === scopeOf(exactGrant) &&
              resourcePatternCovers(grant.resource, exactGrant.resource),
          );
          expect(covering.length).toBeGreaterThan(0);
        }

        const widened = new Set(
          generalisation.replacements
            .filter((replacement) => replacement.replaces.length > threshold)
            .map((replacement) => replacement.pattern),
        );
        for (const [key, grant] of expansion.grants) {
          expect(exact.has(key) || widened.has(grant.resource)).toBe(true);
        }
        widenedRuns += widened.size > 0 ? 1 : 0;
      }),
      { numRuns: 100 },
    );

    // Guards the generators: without crowded parents the property above checks nothing.
    expect(widenedRuns).toBeGreaterThan(10);
  });

  it('keeps exact below any threshold', () => {
    fc.assert(
      fc.property(scenario(), ({ policyType, permissions }) => {
        const { document } = synthesisePolicy(policyType, permissions, {
          generalisation: { strategy: 'wildcard-per-resource-type', threshold: permissions.length },
          catalog,
        });

        expect(document).toEqual(synthesisePolicy(policyType, permissions, { catalog }).document);
      }),
      { numRuns: 50 },
    );
  });

  it('service-level writes * per action', () => {
    fc.assert(
      fc.property(scenario(), ({ policyType, permissions }) => {
        const { expansion } = expandSynthesised(policyType, permissions, 'service-level');

        const expected = new Set(
          [...expandSynthesised(policyType, permissions).expansion.grants.values()].map((grant) =>
            scopeOf(grant),
          ),
        );
        const grants = [...expansion.grants.values()];
        expect(grants.every((grant) => grant.resource === '*')).toBe(true);
        expect(new Set(grants.map(scopeOf))).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('ignores input order', () => {
    const strategies: GeneralisationOption[] = [
      'exact',
      'service-level',
      { strategy: 'wildcard-per-resource-type', threshold: 1 },
    ];

    fc.assert(
      fc.property(
        scenario().chain(({ policyType, permissions }) =>
          fc
            .shuffledSubarray(permissions, { minLength: permissions.length })
            .map((shuffled) => ({ policyType, permissions, shuffled })),
        ),
        fc.constantFrom(...strategies),
        ({ policyType, permissions, shuffled }, generalisation) => {
          const forward = synthesisePolicy(policyType, permissions, { generalisation, catalog });
          const reordered = synthesisePolicy(policyType, shuffled, { generalisation, catalog });

          expect(JSON.stringify(reordered)).toBe(JSON.stringify(forward));
        },
      ),
      { numRuns: 100 },
    );
  });
});
