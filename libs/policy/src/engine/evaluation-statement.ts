import {
  evaluateCondition,
  getContextKeyValue,
  type ConditionOptions,
  type ConditionOutcome,
  type ContextOptions,
} from './conditions/index.js';
import {
  classifyResourceGrant,
  isExemptByNotPrincipal,
  type RequestPrincipal,
  type ResourceGrant,
} from './evaluation-principal.js';
import { matchAction, matchResource } from './matching.js';
import type {
  Effect,
  EvaluationRequest,
  MatchResult,
  RequestContext,
  Statement,
} from './policy.js';
import { parsePolicyVariables, resolveTemplate } from './variables.js';

export type PolicyKind = 'identity' | 'boundary' | 'scp' | 'resource';

/** Position of a statement among the policies passed to `evaluateRequest`. */
export interface StatementLocation {
  policyKind: PolicyKind;
  /** Index in `identityPolicies` or in the SCP level's list. 0 for the boundary and resource policy. */
  policyIndex: number;
  /** SCP level, where 0 is the organization root. Only for SCPs. */
  scpLevel?: number;
}

export interface ElementMatch {
  element: 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal';
  /** The pattern that matched. Absent for the Not* elements, which match when no pattern does. */
  pattern?: string;
  result: MatchResult;
}

export interface PrincipalMatch extends ElementMatch {
  grant?: ResourceGrant;
  /** The special rule that made the element match, if one did. */
  rule?: string;
}

export interface ConditionMatch extends ConditionOutcome {
  operator: string;
  key: string;
  values: string[];
}

/** A statement that applies, or may apply, to the request, with the evidence for it. */
export interface StatementMatch extends StatementLocation {
  statementIndex: number;
  sid?: string;
  effect: Effect;
  /** `match` when the statement applies, `conditional` when it may apply. */
  result: Exclude<MatchResult, 'no-match'>;
  action: ElementMatch;
  /** Absent when the statement has neither Resource nor NotResource, as in trust policies. */
  resource?: ElementMatch;
  /** Only for resource-based policies. */
  principal?: PrincipalMatch;
  conditions: ConditionMatch[];
  reason: string;
}

export interface StatementInput {
  request: EvaluationRequest;
  principal: RequestPrincipal;
  conditionOptions: ConditionOptions;
  /** Whether the caller has a permissions boundary; changes `NotPrincipal` in Deny statements. */
  hasPermissionsBoundary: boolean;
}

/**
 * Tests one statement against the request. Returns undefined when the statement does not
 * apply, and a `StatementMatch` when it applies or may apply.
 */
export function evaluateStatement(
  statement: Statement,
  location: StatementLocation,
  input: StatementInput,
): StatementMatch | undefined {
  const { request } = input;

  const action = matchActionElement(statement, request.action);
  if (action.result === 'no-match') {
    return undefined;
  }

  const resource = matchResourceElement(statement, input);
  if (resource?.result === 'no-match') {
    return undefined;
  }

  const principal =
    location.policyKind === 'resource' ? matchPrincipalElement(statement, input) : undefined;
  if (principal?.result === 'no-match') {
    return undefined;
  }

  const conditions = statement.conditions.map((clause) => ({
    operator: clause.operator,
    key: clause.key,
    values: clause.values,
    ...evaluateCondition(clause, request.context, input.conditionOptions),
  }));
  if (conditions.some((condition) => condition.result === 'no-match')) {
    return undefined;
  }

  const pending = [resource, ...conditions].filter((part) => part?.result === 'conditional');
  return {
    ...location,
    statementIndex: statement.index,
    sid: statement.sid,
    effect: statement.effect,
    result: pending.length === 0 ? 'match' : 'conditional',
    action,
    resource,
    principal,
    conditions,
    reason: describeMatch(statement, action, resource, principal, conditions),
  };
}

function matchActionElement(statement: Statement, action: string): ElementMatch {
  if (statement.action !== undefined) {
    const pattern = statement.action.find((candidate) => matchAction(candidate, action));
    return pattern === undefined
      ? { element: 'Action', result: 'no-match' }
      : { element: 'Action', pattern, result: 'match' };
  }

  if (statement.notAction !== undefined) {
    const excluded = statement.notAction.some((candidate) => matchAction(candidate, action));
    return { element: 'NotAction', result: excluded ? 'no-match' : 'match' };
  }

  // A statement without Action or NotAction is invalid and grants or denies nothing.
  return { element: 'Action', result: 'no-match' };
}

/**
 * Tests Resource or NotResource. A pattern with a policy variable that has no value in the
 * request fails its comparison either way, because IAM states that any attempt to match such
 * a value fails. So it matches no resource in Resource, and in NotResource it stops the
 * statement from applying. A variable whose key the context does not contain makes the result
 * `conditional` unless the pattern cannot match whatever its value.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
function matchResourceElement(
  statement: Statement,
  input: StatementInput,
): ElementMatch | undefined {
  const { request, conditionOptions } = input;
  const policyVariables = conditionOptions.policyVariables !== false;
  const test = (pattern: string, negated: boolean): MatchResult => {
    const variables = policyVariables
      ? variableStates(pattern, request.context, conditionOptions)
      : 'none';
    if (variables === 'absent') {
      return negated ? 'match' : 'no-match';
    }

    const result = matchResource(pattern, request.resource, request.context, { policyVariables });
    return variables === 'unknown' && negated ? 'conditional' : result;
  };

  const element = statement.resource !== undefined ? 'Resource' : 'NotResource';
  const patterns = statement.resource ?? statement.notResource;
  if (patterns === undefined) {
    return undefined;
  }

  const negated = element === 'NotResource';
  const results = patterns.map((pattern) => ({ pattern, result: test(pattern, negated) }));
  const matched = results.find((entry) => entry.result === 'match');
  const pending = results.find((entry) => entry.result === 'conditional');

  if (element === 'Resource') {
    if (matched !== undefined) {
      return { element, pattern: matched.pattern, result: 'match' };
    }
    return pending === undefined
      ? { element, result: 'no-match' }
      : { element, pattern: pending.pattern, result: 'conditional' };
  }

  if (matched !== undefined) {
    return { element, pattern: matched.pattern, result: 'no-match' };
  }
  return pending === undefined
    ? { element, result: 'match' }
    : { element, pattern: pending.pattern, result: 'conditional' };
}

function matchPrincipalElement(statement: Statement, input: StatementInput): PrincipalMatch {
  const { principal, hasPermissionsBoundary } = input;

  if (statement.principal !== undefined) {
    const grant = classifyResourceGrant(statement.principal, principal);
    return grant === undefined
      ? { element: 'Principal', result: 'no-match' }
      : { element: 'Principal', result: 'match', grant };
  }

  if (statement.notPrincipal !== undefined) {
    // A Deny with NotPrincipal in a resource-based policy always denies a caller that has a
    // permissions boundary, whatever NotPrincipal lists.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    if (statement.effect === 'Deny' && hasPermissionsBoundary) {
      return {
        element: 'NotPrincipal',
        result: 'match',
        grant: 'principal',
        rule: 'a Deny with NotPrincipal always applies to a caller with a permissions boundary',
      };
    }

    const exempt = isExemptByNotPrincipal(statement.notPrincipal, principal, statement.effect);
    return exempt
      ? { element: 'NotPrincipal', result: 'no-match' }
      : { element: 'NotPrincipal', result: 'match', grant: 'principal' };
  }

  // A resource-based statement without Principal or NotPrincipal applies to no caller.
  return { element: 'Principal', result: 'no-match' };
}

function describeMatch(
  statement: Statement,
  action: ElementMatch,
  resource: ElementMatch | undefined,
  principal: PrincipalMatch | undefined,
  conditions: ConditionMatch[],
): string {
  const parts = [
    action.pattern === undefined
      ? 'the action is not in NotAction'
      : `Action ${JSON.stringify(action.pattern)} matches`,
  ];

  if (resource !== undefined) {
    const verb = resource.result === 'conditional' ? 'may match' : 'matches';
    parts.push(
      resource.element === 'NotResource' && resource.result === 'match'
        ? 'the resource is not in NotResource'
        : `${resource.element} ${JSON.stringify(resource.pattern)} ${verb}`,
    );
  }

  if (principal?.rule !== undefined) {
    parts.push(principal.rule);
  } else if (principal !== undefined) {
    parts.push(
      principal.element === 'NotPrincipal'
        ? 'NotPrincipal does not exempt the caller'
        : 'Principal names the caller',
    );
  }

  for (const condition of conditions) {
    parts.push(condition.reason);
  }

  const label = statement.sid === undefined ? `Statement ${statement.index}` : statement.sid;
  return `${label} (${statement.effect}): ${parts.join('; ')}`;
}

/**
 * Tells whether the pattern's policy variables all have values (`none` when it has none to
 * miss), whether one is absent from the request (`absent`), or whether one names a key the
 * context does not contain (`unknown`).
 */
function variableStates(
  pattern: string,
  context: RequestContext | undefined,
  options: ContextOptions,
): 'none' | 'absent' | 'unknown' {
  const resolution = resolveTemplate(parsePolicyVariables(pattern), context ?? {});
  if (resolution.kind === 'resolved') {
    return 'none';
  }
  if (resolution.multiValued.length > 0) {
    return 'absent';
  }

  const unknown = resolution.missing.some(
    (key) => getContextKeyValue(context, key, options).state === 'unknown',
  );
  return unknown ? 'unknown' : 'absent';
}
