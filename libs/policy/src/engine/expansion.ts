import type { StatementCondition, StatementPrincipal } from '../../../contract/src/index.js';
import { compareText, sortedUnique } from '../canonical.js';
import { normaliseStatementCondition } from '../condition.js';
import { normaliseStatementPrincipal, type NormalisedStatementPrincipal } from '../principal.js';

import type { ActionCatalog, CatalogAction } from './catalog.js';
import { applyDenies, type CandidateGrant, type ExpandedStatement } from './expansion-deny.js';
import {
  appliesToRequestWildcard,
  fullActionName,
  grantKey,
  grantScopeKey,
  type ExpandedGrant,
  type GrantScope,
} from './expansion-grant.js';
import {
  isLiteralPattern,
  resourcePatternCovers,
  resourcePatternsIntersect,
} from './expansion-pattern.js';
import { matchAction } from './matching.js';
import type { Policy, PrincipalElement, Statement } from './policy.js';

export {
  fullActionName,
  grantKey,
  type DenyException,
  type ExpandedGrant,
  type GrantScope,
} from './expansion-grant.js';

/**
 * The grants a policy allows, per concrete catalog action. Keys (see `grantKey`) are
 * `"service:Action resourcePattern"`, followed by the scope as canonical JSON when the grant
 * has a principal, condition, `NotResource` list or Deny exceptions.
 */
export interface PolicyExpansion {
  catalogVersion: string;
  /** Keys of the grants that remain after Deny statements are applied. */
  allowed: Set<string>;
  grants: Map<string, ExpandedGrant>;
  /** Indexes of the Allow statements behind each remaining grant. */
  statementsByGrant: Map<string, number[]>;
  /** Keys of the grants of the Deny statements, before any subtraction. */
  denied: Set<string>;
  denyGrants: Map<string, ExpandedGrant>;
  /** Keys of Allow grants that a Deny statement removes entirely. */
  removedByDeny: Set<string>;
  /** Action patterns that match no action of the catalog, such as a misspelt name. */
  unmatchedActionPatterns: string[];
}

/**
 * Expands the `Action` or `NotAction` element of a statement into the catalog actions it
 * names, sorted by `service:Action`. Patterns match case-insensitively, with `*` and `?`.
 * `NotAction` yields every catalog action that none of its patterns match. A statement
 * with neither element yields no actions.
 */
export function expandStatementActions(
  statement: Statement,
  catalog: ActionCatalog,
): CatalogAction[] {
  const { action: patterns, notAction: excludedPatterns } = statement;

  if (patterns !== undefined) {
    const matched = new Map<string, CatalogAction>();
    for (const pattern of patterns) {
      for (const action of actionsMatching(pattern, catalog)) {
        matched.set(fullActionName(action), action);
      }
    }

    return sortActions([...matched.values()]);
  }

  if (excludedPatterns !== undefined) {
    const excluded = new Set(
      excludedPatterns.flatMap((pattern) => actionsMatching(pattern, catalog)).map(fullActionName),
    );

    return sortActions(
      catalog.allActions().filter((action) => !excluded.has(fullActionName(action))),
    );
  }

  return [];
}

/**
 * Expands a policy into the action and resource-pattern pairs it allows.
 *
 * Each Allow statement gives every catalog action it names paired with each `Resource`
 * pattern that can match one of the action's resource types. An action without
 * resource-level permissions only ever receives the request resource `*`, so it is paired
 * with `*` when a `Resource` pattern matches the text `*` (or no `NotResource` pattern does).
 *
 * A Deny statement removes a grant when it applies to all of it: it names the action, its
 * resource patterns cover the grant's, its principal covers the grant's, and it has no
 * condition. A Deny that overlaps only part of a grant, or has a condition, stays on the
 * grant as an exception, which becomes part of the grant's key.
 *
 * Grants of one action and scope whose pattern another grant's pattern covers are dropped,
 * so the result does not depend on redundant statements or on how statements are split.
 */
export function expandPolicy(policy: Policy, catalog: ActionCatalog): PolicyExpansion {
  const patternFilter = new ResourceTypeFilter();
  const expanded: ExpandedStatement[] = policy.statements.map((statement) => ({
    statement,
    actions: expandStatementActions(statement, catalog),
    scope: statementScope(statement),
  }));

  const allows = expanded.filter(({ statement }) => statement.effect === 'Allow');
  const denies = expanded.filter(({ statement }) => statement.effect === 'Deny');

  const candidates = new Map<string, CandidateGrant>();
  for (const entry of allows) {
    for (const grant of grantsOf(entry, patternFilter)) {
      addCandidate(candidates, grant, entry.statement.index);
    }
  }

  const denyGrants = new Map(
    denies
      .flatMap((entry) => grantsOf(entry, patternFilter))
      .map((grant) => [grantKey(grant), grant] as const)
      .toSorted(([left], [right]) => compareText(left, right)),
  );
  const { remaining, removedByDeny } = applyDenies(candidates, denies);
  const minimal = dropCoveredGrants(remaining);

  const grants = new Map<string, ExpandedGrant>();
  const statementsByGrant = new Map<string, number[]>();
  const keyed = minimal.map((entry) => ({ ...entry, key: grantKey(entry.grant) }));
  for (const { key, grant, statements } of keyed.toSorted((left, right) =>
    compareText(left.key, right.key),
  )) {
    grants.set(key, grant);
    const indexes =
      statements.length === 1 ? statements : [...new Set(statements)].toSorted((a, b) => a - b);
    statementsByGrant.set(key, indexes);
  }

  return {
    catalogVersion: catalog.version,
    allowed: new Set(grants.keys()),
    grants,
    statementsByGrant,
    denied: new Set(denyGrants.keys()),
    denyGrants,
    removedByDeny,
    unmatchedActionPatterns: unmatchedActionPatterns(policy, catalog),
  };
}

/**
 * Rewrites the principal and condition of a parsed statement into the normalised spelling
 * that `synthesisePolicyDocument` writes, so equal scopes get equal keys.
 */
export function statementScope(statement: Statement): GrantScope {
  const principal = normalisePrincipalElement(statement.principal);
  const notPrincipal = normalisePrincipalElement(statement.notPrincipal);

  const condition: StatementCondition = {};
  for (const clause of statement.conditions) {
    const block = condition[clause.operator] ?? {};
    block[clause.key] = [...toList(block[clause.key]), ...clause.values];
    condition[clause.operator] = block;
  }
  const normalisedCondition = normaliseStatementCondition(condition);

  return {
    ...(principal === undefined ? {} : { principal }),
    ...(notPrincipal === undefined ? {} : { notPrincipal }),
    ...(normalisedCondition === undefined ? {} : { condition: normalisedCondition }),
  };
}

function actionsMatching(pattern: string, catalog: ActionCatalog): CatalogAction[] {
  const separator = pattern.indexOf(':');
  const service = separator === -1 ? undefined : pattern.slice(0, separator);

  // A service prefix without wildcards limits the search to that service's actions.
  if (service === undefined || /[*?]/.test(service)) {
    return catalog.allActions().filter((action) => matchAction(pattern, fullActionName(action)));
  }

  const name = pattern.slice(separator + 1);
  if (!/[*?]/.test(name)) {
    const action = catalog.action(pattern);
    return action === undefined ? [] : [action];
  }

  return catalog
    .actionsOf(service.toLowerCase())
    .filter((action) => matchAction(pattern, fullActionName(action)));
}

function unmatchedActionPatterns(policy: Policy, catalog: ActionCatalog): string[] {
  const patterns = policy.statements.flatMap(({ action, notAction }) => [
    ...(action ?? []),
    ...(notAction ?? []),
  ]);

  return sortedUnique(patterns.filter((pattern) => actionsMatching(pattern, catalog).length === 0));
}

function grantsOf(entry: ExpandedStatement, patternFilter: ResourceTypeFilter): ExpandedGrant[] {
  const { statement, actions, scope } = entry;
  const grants: ExpandedGrant[] = [];
  const coversRequestWildcard = appliesToRequestWildcard(statement);

  for (const action of actions) {
    const name = fullActionName(action);

    if (!action.supportsResourceLevelPermissions) {
      if (coversRequestWildcard) {
        grants.push({ action: name, resource: '*', ...scope });
      }
      continue;
    }

    if (statement.resource !== undefined) {
      for (const pattern of statement.resource) {
        if (patternFilter.canMatch(pattern, action)) {
          grants.push({ action: name, resource: pattern, ...scope });
        }
      }
      continue;
    }

    if (statement.notResource !== undefined) {
      const excluded = sortedUnique(
        statement.notResource.filter((pattern) => patternFilter.canMatch(pattern, action)),
      );
      grants.push({
        action: name,
        resource: '*',
        ...(excluded.length === 0 ? {} : { notResource: excluded }),
        ...scope,
      });
    }
  }

  return grants;
}

function addCandidate(
  candidates: Map<string, CandidateGrant>,
  grant: ExpandedGrant,
  statementIndex: number,
): void {
  const key = grantKey(grant);
  const existing = candidates.get(key);

  if (existing === undefined) {
    candidates.set(key, { grant, statements: [statementIndex] });
  } else {
    existing.statements.push(statementIndex);
  }
}

/**
 * Drops each grant whose resource pattern a grant of the same action and scope covers.
 * Of two patterns that cover each other, the one that sorts first is kept.
 *
 * Deny exceptions are left out of the comparison: every Deny that overlaps the covered
 * grant also overlaps the covering one and is among its exceptions, so the covering grant
 * still allows everything the covered one does.
 */
function dropCoveredGrants(grants: CandidateGrant[]): CandidateGrant[] {
  const groups = new Map<string, CandidateGrant[]>();
  for (const entry of grants) {
    const { exceptions: _exceptions, ...withoutExceptions } = entry.grant;
    const groupKey = `${entry.grant.action} ${grantScopeKey(withoutExceptions)}`;
    const group = groups.get(groupKey);
    if (group === undefined) {
      groups.set(groupKey, [entry]);
    } else {
      group.push(entry);
    }
  }

  const nonRedundant: CandidateGrant[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      nonRedundant.push(...group);
      continue;
    }

    const wildcards = group.filter(({ grant }) => !isLiteralPattern(grant.resource));
    const findCover = (resource: string) =>
      wildcards.find(({ grant: other }) => preferredCover(other.resource, resource));

    const dropped = new Set(group.filter(({ grant }) => findCover(grant.resource) !== undefined));
    const survivors = group.filter((entry) => !dropped.has(entry));
    const survivingWildcards = survivors.filter(({ grant }) => !isLiteralPattern(grant.resource));

    // Covering is transitive, so some surviving pattern covers each dropped one.
    for (const entry of dropped) {
      const cover = survivingWildcards.find(({ grant }) =>
        resourcePatternCovers(grant.resource, entry.grant.resource),
      );
      cover?.statements.push(...entry.statements);
    }
    nonRedundant.push(...survivors);
  }

  return nonRedundant;
}

/**
 * Tests whether `outer` makes `inner` redundant: it covers `inner` and, when both cover each
 * other, sorts first.
 */
function preferredCover(outer: string, inner: string): boolean {
  if (outer === inner || !resourcePatternCovers(outer, inner)) {
    return false;
  }

  return !resourcePatternCovers(inner, outer) || compareText(outer, inner) < 0;
}

/**
 * Tests whether a resource pattern can match an ARN of one of an action's resource types,
 * reading each `${Variable}` of the catalog's ARN formats as any value.
 *
 * NOTE: the catalog gives no character set per variable, so `${BucketName}` may contain `/`
 * here and `s3:ListBucket` keeps a pattern such as `arn:aws:s3:::bucket/*` that IAM never
 * matches to a bucket. The filter mainly drops patterns of other services.
 */
class ResourceTypeFilter {
  private readonly formatsByAction = new Map<CatalogAction, string[]>();

  canMatch(pattern: string, action: CatalogAction): boolean {
    let formats = this.formatsByAction.get(action);
    if (formats === undefined) {
      formats = action.resourceTypes.flatMap((type) => type.arnPatterns);
      this.formatsByAction.set(action, formats);
    }

    return (
      formats.length === 0 || formats.some((format) => resourcePatternsIntersect(pattern, format))
    );
  }
}

function normalisePrincipalElement(
  element: PrincipalElement | undefined,
): NormalisedStatementPrincipal | undefined {
  return element === undefined
    ? undefined
    : normaliseStatementPrincipal(element as StatementPrincipal);
}

function sortActions(actions: CatalogAction[]): CatalogAction[] {
  return actions
    .map((action) => ({ action, name: fullActionName(action) }))
    .toSorted((left, right) => compareText(left.name, right.name))
    .map(({ action }) => action);
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) {
    return [];
  }

  return typeof value === 'string' ? [value] : value;
}
