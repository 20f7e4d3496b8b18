import type { PolicyType } from '../../contract/src/index.js';

import { canonicalJson, compareText, sha256Hex, sortedUnique } from './canonical.js';
import type { NormalisedStatementCondition } from './condition.js';
import {
  ResourceGeneraliser,
  type GeneralisationReport,
  type SynthesisOptions,
} from './engine/generalisation.js';
import { InvalidPermissionError } from './errors.js';
import { normalisePermission, type NormalisedPermission, type Permission } from './permission.js';
import type { NormalisedStatementPrincipal } from './principal.js';

export const POLICY_LANGUAGE_VERSION = '2012-10-17';

/**
 * An `Allow` statement. Every multi-valued element is written as an array, even with one
 * value, so consumers handle one shape. The one string is the anonymous `"Principal": "*"`.
 */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal?: NormalisedStatementPrincipal;
  Action: string[];
  Resource: string[];
  Condition?: NormalisedStatementCondition;
}

export interface PolicyDocument {
  Version: typeof POLICY_LANGUAGE_VERSION;
  Statement: PolicyStatement[];
}

/** A synthesised document and the generalisation that widened its resources. */
export interface SynthesisResult {
  document: PolicyDocument;
  generalisation: GeneralisationReport;
}

/** Length of the hex prefix of the statement digest used as `Sid`. */
const SID_LENGTH = 16;

interface StatementScope {
  principal?: NormalisedStatementPrincipal;
  condition?: NormalisedStatementCondition;
  resourcesByAction: Map<string, Set<string>>;
}

/**
 * Synthesises the policy document that allows exactly the given permissions, or with
 * `options.generalisation`, a superset whose resources are widened (see
 * `GeneralisationOption`). With `options.catalog`, an action without resource-level
 * permissions gets `"*"` as its resource under every strategy. Without options, every
 * resource is written as observed.
 *
 * An observed resource is written as literal text, with `$`, `*` and `?` escaped as `${$}`,
 * `${*}` and `${?}` (valid with `"Version": "2012-10-17"`), so an S3 key named `a*b` or
 * `home/${aws:username}` grants only that key. The resource `"*"` alone stays `"*"`.
 * Wildcards appear only in the patterns that generalisation writes.
 *
 * Permissions are grouped by identical principal and condition, and within a group the
 * actions with an identical resource set share a statement. The action-by-resource product
 * of each statement is therefore exactly the (generalised) input. Output depends only on
 * the set of permissions. Actions, resources and values are sorted, statements are sorted
 * by principal, condition, actions and resources, and an action written in several cases
 * is spelled as the smallest of them in code-unit order. `Sid` is a digest of the rest of
 * the statement, so it changes only when the statement does.
 *
 * Throws InvalidPermissionError when an identity permission has a principal or a
 * resource-based permission lacks one, because AWS rejects both policies, and
 * InvalidSynthesisOptionsError for an invalid generalisation option.
 *
 * NOTE: the document is not checked against IAM size limits (6,144 characters for a
 * managed policy, per the IAM and AWS STS quotas page), so a large history can synthesise
 * a document that IAM would reject.
 */
export function synthesisePolicyDocument(
  policyType: PolicyType,
  permissions: Iterable<Permission>,
  options?: SynthesisOptions,
): PolicyDocument {
  return synthesisePolicy(policyType, permissions, options).document;
}

/**
 * Synthesises the document as `synthesisePolicyDocument` does and reports the strategy and
 * the catalog version used, with each widened resource. The report is separate because IAM
 * rejects unknown keys in a policy document.
 */
export function synthesisePolicy(
  policyType: PolicyType,
  permissions: Iterable<Permission>,
  options: SynthesisOptions = {},
): SynthesisResult {
  const generaliser = new ResourceGeneraliser(options);
  const normalised = [...permissions].map(normalisePermission);
  normalised.forEach((permission) => checkPrincipalPresence(policyType, permission));

  const spellings = smallestActionSpellings(normalised);
  const scopes = groupByScope(normalised, spellings);
  for (const scope of scopes.values()) {
    scope.resourcesByAction = generaliser.generalise(scope.resourcesByAction, scope);
  }

  const statements = [...scopes.values()].flatMap(statementsForScope);
  const sorted = statements
    .map((statement) => ({ statement, order: statementOrder(statement) }))
    .toSorted((left, right) => compareText(left.order, right.order));

  const document: PolicyDocument = {
    Version: POLICY_LANGUAGE_VERSION,
    Statement: sorted.map(({ statement }) => ({
      Sid: sha256Hex(canonicalJson(statement)).slice(0, SID_LENGTH),
      ...statement,
    })),
  };

  return { document, generalisation: generaliser.report() };
}

function checkPrincipalPresence(policyType: PolicyType, permission: Permission): void {
  const { action, resource, principal } = permission;

  if (policyType === 'identity' && principal !== undefined) {
    throw new InvalidPermissionError(
      `Permission ${action} on ${resource} has a principal, which an identity policy cannot ` +
        'contain. Remove the principal or synthesise a resource policy.',
      { action, resource },
    );
  }

  if (policyType === 'resource' && principal === undefined) {
    throw new InvalidPermissionError(
      `Permission ${action} on ${resource} has no principal, which a resource policy ` +
        'requires. Set the principal the permission is granted to.',
      { action, resource },
    );
  }
}

/** Maps each lower-cased action to the smallest of its spellings in code-unit order. */
function smallestActionSpellings(permissions: readonly Permission[]): Map<string, string> {
  const spellings = new Map<string, string>();

  for (const { action } of permissions) {
    const key = action.toLowerCase();
    const current = spellings.get(key);
    if (current === undefined || compareText(action, current) < 0) {
      spellings.set(key, action);
    }
  }

  return spellings;
}

function groupByScope(
  permissions: readonly NormalisedPermission[],
  spellings: ReadonlyMap<string, string>,
): Map<string, StatementScope> {
  const scopes = new Map<string, StatementScope>();

  for (const { action, resource, principal, condition } of permissions) {
    const scopeKey = canonicalJson([principal ?? null, condition ?? null]);
    let scope = scopes.get(scopeKey);
    if (scope === undefined) {
      scope = {
        ...(principal === undefined ? {} : { principal }),
        ...(condition === undefined ? {} : { condition }),
        resourcesByAction: new Map(),
      };
      scopes.set(scopeKey, scope);
    }

    const spelling = spellings.get(action.toLowerCase()) ?? action;
    const resources = scope.resourcesByAction.get(spelling) ?? new Set<string>();
    resources.add(resource);
    scope.resourcesByAction.set(spelling, resources);
  }

  return scopes;
}

/**
 * Returns a sort key that keeps the statements of one principal together: principal first
 * (none, then `"*"`, then objects), then condition (none first), actions and resources.
 */
function statementOrder(statement: Omit<PolicyStatement, 'Sid'>): string {
  return canonicalJson([
    statement.Principal ?? null,
    statement.Condition ?? null,
    statement.Action,
    statement.Resource,
  ]);
}

/** Builds one statement per distinct resource set in a scope, without `Sid`. */
function statementsForScope(scope: StatementScope): Omit<PolicyStatement, 'Sid'>[] {
  const actionsByResourceSet = new Map<string, { resources: string[]; actions: string[] }>();

  for (const [action, resourceSet] of scope.resourcesByAction) {
    const resources = sortedUnique(resourceSet);
    const resourceSetKey = canonicalJson(resources);
    const group = actionsByResourceSet.get(resourceSetKey) ?? { resources, actions: [] };
    group.actions.push(action);
    actionsByResourceSet.set(resourceSetKey, group);
  }

  return [...actionsByResourceSet.values()].map(({ resources, actions }) => ({
    Effect: 'Allow' as const,
    ...(scope.principal === undefined ? {} : { Principal: scope.principal }),
    Action: sortedUnique(actions),
    Resource: resources,
    ...(scope.condition === undefined ? {} : { Condition: scope.condition }),
  }));
}
