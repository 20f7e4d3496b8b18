import { compareText, sortedUnique } from '../canonical.js';
import type { NormalisedStatementPrincipal } from '../principal.js';

import type { CatalogAction } from './catalog.js';
import {
  appliesToRequestWildcard,
  cachedCanonicalJson,
  fullActionName,
  type DenyException,
  type ExpandedGrant,
  type GrantScope,
} from './expansion-grant.js';
import { resourcePatternCovers, resourcePatternsIntersect } from './expansion-pattern.js';
import { matchResource } from './matching.js';
import type { Statement } from './policy.js';

/** An Allow grant with the indexes of the statements that give it. */
export interface CandidateGrant {
  grant: ExpandedGrant;
  statements: number[];
}

/** A statement with its catalog actions and normalised scope. */
export interface ExpandedStatement {
  statement: Statement;
  actions: CatalogAction[];
  scope: GrantScope;
}

type Relation = 'covers' | 'disjoint' | 'partial';

/**
 * Applies Deny statements to Allow grants. A Deny that applies to all of a grant removes
 * it, and one that may apply to part of it, or only under a condition, is attached to it as
 * an exception.
 */
export function applyDenies(
  candidates: Map<string, CandidateGrant>,
  denies: ExpandedStatement[],
): {
  remaining: CandidateGrant[];
  removedByDeny: Set<string>;
} {
  const deniedActions = denies.map((entry) => ({
    ...entry,
    actionsByName: new Map(entry.actions.map((action) => [fullActionName(action), action])),
    exceptionsByPattern: new Map<string, DenyException>(),
  }));
  const remaining: CandidateGrant[] = [];
  const removedByDeny = new Set<string>();

  for (const [key, candidate] of candidates) {
    const { grant } = candidate;
    const exceptions: DenyException[] = [];
    let removed = false;

    for (const deny of deniedActions) {
      const action = deny.actionsByName.get(grant.action);
      if (action === undefined) {
        continue;
      }

      const relation = denyRelation(grant, action, deny);
      if (relation === 'covers') {
        removed = true;
        break;
      }
      if (relation === 'partial') {
        exceptions.push(...denyExceptions(grant, action, deny, deny.exceptionsByPattern));
      }
    }

    if (removed) {
      removedByDeny.add(key);
      continue;
    }

    if (exceptions.length === 0) {
      remaining.push(candidate);
      continue;
    }

    const sortedExceptions = uniqueByJson(exceptions);
    remaining.push({ ...candidate, grant: { ...grant, exceptions: sortedExceptions } });
  }

  return { remaining, removedByDeny };
}

function denyRelation(
  grant: ExpandedGrant,
  action: CatalogAction,
  deny: ExpandedStatement,
): Relation {
  const resource = resourceRelation(grant, action, deny.statement);
  const principal = principalRelation(grant, deny.scope);

  if (resource === 'disjoint' || principal === 'disjoint') {
    return 'disjoint';
  }

  if (resource === 'covers' && principal === 'covers' && deny.scope.condition === undefined) {
    return 'covers';
  }

  return 'partial';
}

function resourceRelation(grant: ExpandedGrant, action: CatalogAction, deny: Statement): Relation {
  // The request resource of such an action is the text `*`, so the Deny either matches it or not.
  if (!action.supportsResourceLevelPermissions) {
    return appliesToRequestWildcard(deny) ? 'covers' : 'disjoint';
  }

  const outsideGrant = (pattern: string) => isOutsideGrant(pattern, grant);

  if (deny.resource !== undefined) {
    if (deny.resource.some((pattern) => resourcePatternCovers(pattern, grant.resource))) {
      return 'covers';
    }

    return deny.resource.every(outsideGrant) ? 'disjoint' : 'partial';
  }

  if (deny.notResource !== undefined) {
    if (deny.notResource.every(outsideGrant)) {
      return 'covers';
    }

    return deny.notResource.some((pattern) => resourcePatternCovers(pattern, grant.resource))
      ? 'disjoint'
      : 'partial';
  }

  return 'disjoint';
}

/**
 * Compares the principals of a grant and a Deny. A Deny without principal elements (as in
 * an identity policy) applies to every caller. `"*"` and `{"AWS": "*"}` cover every
 * principal. Different role or user ARNs are disjoint, but an account id or root ARN in the
 * Deny reaches principals of that account, so that overlap counts as partial.
 */
function principalRelation(grant: GrantScope, deny: GrantScope): Relation {
  if (deny.principal === undefined && deny.notPrincipal === undefined) {
    return 'covers';
  }

  if (deny.notPrincipal !== undefined || grant.notPrincipal !== undefined) {
    return 'partial';
  }

  const denied = deny.principal!;
  if (coversEveryone(denied)) {
    return 'covers';
  }

  const granted = grant.principal;
  if (granted === undefined || granted === '*' || denied === '*' || coversEveryone(granted)) {
    return 'partial';
  }

  const grantedValues = principalValues(granted);
  const deniedValues = new Set(principalValues(denied));
  if (grantedValues.every((value) => deniedValues.has(value))) {
    return 'covers';
  }

  const overlaps = grantedValues.some((value) => deniedValues.has(value));
  const reachesAccount = [...deniedValues].some(isAccountPrincipal);

  return overlaps || reachesAccount ? 'partial' : 'disjoint';
}

function coversEveryone(principal: NormalisedStatementPrincipal): boolean {
  return principal === '*' || (principal.AWS?.includes('*') ?? false);
}

function principalValues(principal: Exclude<NormalisedStatementPrincipal, '*'>): string[] {
  return Object.entries(principal).flatMap(([type, values]) =>
    (values ?? []).map((value) => `${type} ${value}`),
  );
}

function isAccountPrincipal(typedValue: string): boolean {
  const value = typedValue.slice(typedValue.indexOf(' ') + 1);
  return /^\d{12}$/.test(value) || /^arn:[^:]+:iam::\d{12}:root$/.test(value);
}

/**
 * Describes a partial Deny as exceptions to a grant: one per `Resource` pattern that
 * overlaps the grant, so a Deny split into several statements gives the same exceptions.
 * A `NotResource` Deny gives one exception with its whole list.
 */
function denyExceptions(
  grant: ExpandedGrant,
  action: CatalogAction,
  deny: ExpandedStatement,
  exceptionsByPattern: Map<string, DenyException>,
): DenyException[] {
  const { statement, scope } = deny;

  // Grants share the exception objects of one Deny, so their keys reuse one cached JSON.
  const exceptionFor = (pattern: string, make: () => DenyException) => {
    let exception = exceptionsByPattern.get(pattern);
    if (exception === undefined) {
      exception = make();
      exceptionsByPattern.set(pattern, exception);
    }
    return exception;
  };

  if (statement.notResource !== undefined) {
    const notResource = sortedUnique(statement.notResource);
    return [exceptionFor('', () => ({ notResource, ...scope }))];
  }

  const overlapping = (statement.resource ?? []).filter((pattern) =>
    action.supportsResourceLevelPermissions
      ? !isOutsideGrant(pattern, grant)
      : matchResource(pattern, '*') === 'match',
  );

  return sortedUnique(overlapping).map((pattern) =>
    exceptionFor(pattern, () => ({ resource: [pattern], ...scope })),
  );
}

/** Tests whether no resource of the grant matches the pattern. */
function isOutsideGrant(pattern: string, grant: ExpandedGrant): boolean {
  return (
    !resourcePatternsIntersect(pattern, grant.resource) ||
    (grant.notResource ?? []).some((exclusion) => resourcePatternCovers(exclusion, pattern))
  );
}

function uniqueByJson<T>(values: T[]): T[] {
  const byJson = new Map(values.map((value) => [cachedCanonicalJson(value), value]));
  return [...byJson.keys()].toSorted(compareText).map((json) => byJson.get(json)!);
}
