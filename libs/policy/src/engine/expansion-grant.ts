import { canonicalJson, compareText } from '../canonical.js';
import type { NormalisedStatementCondition } from '../condition.js';
import type { NormalisedStatementPrincipal } from '../principal.js';

import type { CatalogAction } from './catalog.js';
import { matchResource } from './matching.js';
import type { Statement } from './policy.js';

/**
 * The principal and condition a grant is limited to. A grant without them applies to every
 * caller the policy reaches, as in an identity policy.
 */
export interface GrantScope {
  principal?: NormalisedStatementPrincipal;
  notPrincipal?: NormalisedStatementPrincipal;
  condition?: NormalisedStatementCondition;
}

/**
 * Part of a Deny statement that may remove some of a grant but not all of it, or only when
 * its condition holds: one `Resource` pattern that overlaps the grant, or the Deny's whole
 * `NotResource` list.
 */
export interface DenyException extends GrantScope {
  resource?: string[];
  notResource?: string[];
}

/** One action allowed on one resource pattern, within a scope. */
export interface ExpandedGrant extends GrantScope {
  /** `service:Action` as the catalog spells it. */
  action: string;
  /**
   * A `Resource` pattern of the statement. `*` for an action without resource-level
   * permissions, and for a `NotResource` statement, whose exclusions are in `notResource`.
   */
  resource: string;
  notResource?: string[];
  exceptions?: DenyException[];
}

/**
 * Returns the identity of a grant: `"service:Action resourcePattern"` for a grant without
 * scope, else followed by a space and the canonical JSON of the scope, `NotResource` list
 * and exceptions. The action part is case-sensitive, so pass the catalog spelling.
 */
export function grantKey(grant: ExpandedGrant): string {
  const scope = grantScopeKey(grant);
  const base = `${grant.action} ${grant.resource}`;

  return scope === '' ? base : `${base} ${scope}`;
}

/**
 * Returns the canonical JSON of everything in a grant but its action and resource, or ''
 * when there is nothing else. Expansions build many grants that share scope objects, so
 * the JSON of each shared object is cached by identity.
 */
export function grantScopeKey(grant: ExpandedGrant): string {
  const names = Object.keys(grant).filter((name) => name !== 'action' && name !== 'resource');
  if (names.length === 0) {
    return '';
  }

  const fields = names
    .toSorted(compareText)
    .map(
      (name) =>
        `${JSON.stringify(name)}:${cachedCanonicalJson(grant[name as keyof ExpandedGrant])}`,
    );
  return `{${fields.join(',')}}`;
}

const jsonByObject = new WeakMap<object, string>();

/** Returns `canonicalJson(value)`, cached for each object that is not an array. */
export function cachedCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(cachedCanonicalJson).join(',')}]`;
  }

  if (value === null || typeof value !== 'object') {
    return canonicalJson(value);
  }

  let json = jsonByObject.get(value);
  if (json === undefined) {
    json = canonicalJson(value);
    jsonByObject.set(value, json);
  }

  return json;
}

const fullNames = new WeakMap<CatalogAction, string>();

/** Returns `service:Action`, cached per catalog action because expansions ask for it often. */
export function fullActionName(action: CatalogAction): string {
  let name = fullNames.get(action);
  if (name === undefined) {
    name = `${action.service}:${action.name}`;
    fullNames.set(action, name);
  }

  return name;
}

/**
 * Tests whether a statement's `Resource` or `NotResource` element applies to the request
 * resource `*`, the only resource of an action without resource-level permissions.
 */
export function appliesToRequestWildcard(statement: Statement): boolean {
  if (statement.resource !== undefined) {
    return statement.resource.some((pattern) => matchResource(pattern, '*') === 'match');
  }

  if (statement.notResource !== undefined) {
    return !statement.notResource.some((pattern) => matchResource(pattern, '*') === 'match');
  }

  return false;
}
