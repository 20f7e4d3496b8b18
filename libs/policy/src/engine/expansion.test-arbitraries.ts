import fc from 'fast-check';

import type {
  PolicyType,
  StatementCondition,
  StatementPrincipal,
} from '../../../contract/src/index.js';
import { normalisePermission, type Permission } from '../permission.js';

import type { ActionCatalog, CatalogAction } from './catalog.js';
import { fullActionName, grantKey } from './expansion.js';

/**
 * fast-check arbitraries over a real action catalog, shared by the property tests of
 * expansion, synthesis and diff. Pools are small so that random inputs repeat actions,
 * resources and siblings under one parent often.
 */

const ACCOUNTS = ['123456789012', '210987654321'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const NAMES = ['alpha', 'beta'];
const LAST_NAMES = ['alpha', 'beta', 'gamma', 'delta', 'dir/file.txt'];

export const CONDITIONS: (StatementCondition | undefined)[] = [
  undefined,
  { Bool: { 'aws:SecureTransport': 'true' } },
  { StringEquals: { 'aws:SourceVpc': ['vpc-b', 'vpc-a'] } },
];

export const PRINCIPALS: StatementPrincipal[] = [
  '*',
  { AWS: 'arn:aws:iam::123456789012:role/app' },
  { AWS: ['arn:aws:iam::210987654321:root', 'arn:aws:iam::123456789012:role/app'] },
  { Service: 'lambda.amazonaws.com' },
];

/**
 * Builds a concrete resource of one of the action's resource types by filling the
 * variables of its ARN format. Literal `*` and `?` in a format become plain text, so the
 * resource is never a pattern. About one in ten resources is `*` instead. Actions without
 * resource-level permissions get `*` or an unrelated ARN, which synthesis with a catalog
 * must turn into `*`.
 */
export function resourceFor(action: CatalogAction): fc.Arbitrary<string> {
  const formats = action.resourceTypes.flatMap((type) => type.arnPatterns);
  if (!action.supportsResourceLevelPermissions || formats.length === 0) {
    return fc.constantFrom('*', 'arn:aws:s3:::unrelated');
  }

  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('*') },
    { weight: 9, arbitrary: fc.constantFrom(...formats).chain(fillFormat) },
  );
}

function fillFormat(format: string): fc.Arbitrary<string> {
  const pieces = format
    .replaceAll('*', 'item')
    .replaceAll('?', 'q')
    .split(/\$\{([^}]+)\}/);
  const variableCount = (pieces.length - 1) / 2;

  const parts = pieces.map((piece, index) => {
    if (index % 2 === 0) {
      return fc.constant(piece);
    }
    if (piece === 'Partition') {
      return fc.constant('aws');
    }
    if (piece === 'Region') {
      return fc.constantFrom(...REGIONS);
    }
    if (piece === 'Account') {
      return fc.constantFrom(...ACCOUNTS);
    }

    return fc.constantFrom(...((index - 1) / 2 === variableCount - 1 ? LAST_NAMES : NAMES));
  });

  return fc.tuple(...parts).map((values) => values.join(''));
}

/**
 * Picks one to five catalog actions, then generates at least one permission using only
 * those actions. An empty list would synthesise `"Statement": []`, which IAM and
 * `parsePolicy` reject.
 */
export function permissionsArbitrary(
  catalog: ActionCatalog,
  policyType: PolicyType,
  maxLength = 30,
): fc.Arbitrary<Permission[]> {
  const actions = catalog.allActions();

  return fc
    .uniqueArray(fc.nat({ max: actions.length - 1 }), { minLength: 1, maxLength: 5 })
    .map((indexes) => indexes.map((index) => actions[index]!))
    .chain((pool) =>
      fc.array(
        fc
          .constantFrom(...pool)
          .chain((action) =>
            fc.record({
              action: fc.constantFrom(fullActionName(action), fullActionName(action).toLowerCase()),
              resource: resourceFor(action),
              condition: fc.constantFrom(...CONDITIONS),
              principal: fc.constantFrom(...PRINCIPALS),
            }),
          )
          .map(({ action, resource, condition, principal }) => ({
            action,
            resource,
            ...(condition === undefined ? {} : { condition }),
            ...(policyType === 'resource' ? { principal } : {}),
          })),
        { minLength: 1, maxLength },
      ),
    );
}

/**
 * The grant keys that `expandPolicy` must return for a document that allows exactly these
 * permissions: the catalog spelling of each action, `*` for actions without resource-level
 * permissions, and no other resource of an action and scope that also has `*`.
 */
export function expectedGrantKeys(
  permissions: readonly Permission[],
  catalog: ActionCatalog,
): Set<string> {
  const resourcesByGroup = new Map<string, { base: object; resources: Set<string> }>();

  for (const permission of permissions) {
    const { principal, condition } = normalisePermission(permission);
    const action = catalog.action(permission.action)!;
    const base = {
      action: fullActionName(action),
      ...(principal === undefined ? {} : { principal }),
      ...(condition === undefined ? {} : { condition }),
    };
    const resource = action.supportsResourceLevelPermissions ? permission.resource : '*';

    const groupKey = JSON.stringify(base);
    const group = resourcesByGroup.get(groupKey) ?? { base, resources: new Set<string>() };
    group.resources.add(resource);
    resourcesByGroup.set(groupKey, group);
  }

  const keys = new Set<string>();
  for (const { base, resources } of resourcesByGroup.values()) {
    const survivingResources = resources.has('*') ? ['*'] : [...resources];
    for (const resource of survivingResources) {
      keys.add(grantKey({ ...(base as { action: string }), resource }));
    }
  }

  return keys;
}
