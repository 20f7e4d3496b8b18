import { parseArn } from '../arn.js';

import type { ActionCatalog } from './catalog.js';
import type { ConditionOptions } from './conditions/index.js';
import {
  classifyRequestPrincipal,
  type RequestPrincipal,
  type ResourceGrant,
} from './evaluation-principal.js';
import {
  evaluateStatement,
  type StatementInput,
  type StatementLocation,
  type StatementMatch,
} from './evaluation-statement.js';
import type { EvaluationRequest, MatchResult, Policy } from './policy.js';

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny' | 'conditional';

export interface EvaluationInput {
  request: EvaluationRequest;
  /** Identity-based policies of the caller (user or role, with its groups' policies). */
  identityPolicies: Policy[];
  permissionsBoundary?: Policy;
  /**
   * Service control policies per level of the organization, root first and the account
   * last. Every level must allow. Undefined or empty means no SCPs apply.
   */
  scps?: Policy[][];
  /** The resource's own policy. Undefined means that the resource has none. */
  resourcePolicy?: Policy;
  /**
   * Account that owns the resource. Defaults to the account in the resource ARN, and for
   * ARNs without one (S3 buckets and objects, `*`) to the caller's account.
   */
  resourceAccount?: string;
  /** Account of the caller. Defaults to the account in the principal ARN. */
  principalAccount?: string;
  /** When given, an action the catalog does not list is reported in `notes`. */
  catalog?: ActionCatalog;
  /**
   * True when `request.context` contains every key of the request, so a key that is not there
   * is absent. When false (the default), conditions on missing keys are `conditional`.
   */
  contextComplete?: boolean;
}

export interface Evaluation {
  decision: Decision;
  /** Every statement that applies or may apply, in the order the policies were given. */
  explanation: StatementMatch[];
  /** Sentences on the deciding rule: which policy type failed to allow, what was unknown. */
  notes: string[];
}

/** Three-valued truth: `maybe` stands for a result that depends on missing request context. */
type Truth = 'yes' | 'maybe' | 'no';

const TRUTH_OF: Record<MatchResult, Truth> = {
  match: 'yes',
  conditional: 'maybe',
  'no-match': 'no',
};

function and(...values: Truth[]): Truth {
  return values.includes('no') ? 'no' : values.includes('maybe') ? 'maybe' : 'yes';
}

function or(...values: Truth[]): Truth {
  return values.includes('yes') ? 'yes' : values.includes('maybe') ? 'maybe' : 'no';
}

/** Allow and Deny results of one policy type, with the statements behind them. */
interface PolicyTypeResult {
  allows: Truth;
  denies: Truth;
  matches: StatementMatch[];
}

interface ResourcePolicyResult extends PolicyTypeResult {
  allowsBy: Record<ResourceGrant, Truth>;
}

/**
 * Decides an IAM request the way AWS's policy evaluation logic does:
 * 1. An explicit Deny in any applicable policy wins.
 * 2. Every SCP level must allow a caller from an organization's account. SCPs do not apply
 *    to service principals or anonymous callers.
 * 3. In one account, an Allow in the identity-based policies (within the permissions
 *    boundary) or in the resource-based policy suffices. A resource-based Allow that names
 *    the caller itself (IAM user, role session, `*`) is not limited by the permissions
 *    boundary. One that names the role of a role session, or the IAM user of a federated
 *    user, must also be allowed by the boundary. One that names only the account delegates
 *    the decision to the identity-based policies.
 * 4. Across accounts, the identity-based policies (within the boundary) and the resource-based
 *    policy must both allow.
 * 5. KMS key policies and role trust policies must allow even within one account.
 *
 * NOTE: AWS documents the boundary rule for grants to IAM users, roles and role sessions.
 * That a grant to `*` or through NotPrincipal also passes the boundary follows
 * iam-simulate 0.1.173, not an AWS page.
 *
 * A statement that may match because of missing context makes the decision `conditional`
 * only where it could change the outcome. A possible Deny does not matter when nothing
 * allows, and a possible Allow does not matter when another Allow is certain.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export function evaluateRequest(input: EvaluationInput): Evaluation {
  const { request, catalog } = input;
  const principal = classifyRequestPrincipal(request.principal);
  const notes: string[] = [];

  if (catalog !== undefined && catalog.action(request.action) === undefined) {
    notes.push(
      `${request.action} is not in the action catalog ${catalog.version}, ` +
        'so AWS would reject the request unless the catalog is out of date',
    );
  }

  const statementInput: StatementInput = {
    request,
    principal,
    conditionOptions: conditionOptionsOf(input),
    hasPermissionsBoundary: input.permissionsBoundary !== undefined,
  };
  const results = evaluatePolicyTypes(input, principal, statementInput);
  const explanation = [
    ...results.identity.matches,
    ...results.boundary.matches,
    ...results.scps.flatMap((level) => level.matches),
    ...results.resource.matches,
  ];

  const denies = or(
    results.identity.denies,
    results.boundary.denies,
    ...results.scps.map((level) => level.denies),
    results.resource.denies,
  );
  if (denies === 'yes') {
    return { decision: 'explicit-deny', explanation, notes };
  }

  const allowed = decideAllow(input, principal, results, notes);
  if (allowed === 'no') {
    return { decision: 'implicit-deny', explanation, notes };
  }

  if (denies === 'maybe') {
    notes.push('A Deny statement may match, depending on request context that is missing');
    return { decision: 'conditional', explanation, notes };
  }

  return { decision: allowed === 'yes' ? 'allow' : 'conditional', explanation, notes };
}

function conditionOptionsOf(input: EvaluationInput): ConditionOptions {
  return { contextComplete: input.contextComplete === true };
}

/** Policy variables exist only in policies with `"Version": "2012-10-17"`. */
function withPolicyVersion(statementInput: StatementInput, policy: Policy): StatementInput {
  const policyVariables = policy.version === '2012-10-17';
  return {
    ...statementInput,
    conditionOptions: { ...statementInput.conditionOptions, policyVariables },
  };
}

interface PolicyTypeResults {
  identity: PolicyTypeResult;
  boundary: PolicyTypeResult;
  scps: PolicyTypeResult[];
  resource: ResourcePolicyResult;
}

function evaluatePolicyTypes(
  input: EvaluationInput,
  principal: RequestPrincipal,
  statementInput: StatementInput,
): PolicyTypeResults {
  const nothing: PolicyTypeResult = { allows: 'no', denies: 'no', matches: [] };
  const everything: PolicyTypeResult = { allows: 'yes', denies: 'no', matches: [] };

  // Identity policies, boundaries and SCPs belong to IAM principals. A service principal or
  // an anonymous caller is authorized by the resource-based policy alone.
  const isIamPrincipal = principal.kind !== 'service' && principal.kind !== 'anonymous';

  const identity = isIamPrincipal
    ? evaluatePolicies(input.identityPolicies, 'identity', statementInput)
    : nothing;
  const boundary =
    isIamPrincipal && input.permissionsBoundary !== undefined
      ? evaluatePolicies([input.permissionsBoundary], 'boundary', statementInput)
      : everything;
  const scps = isIamPrincipal
    ? (input.scps ?? []).map((level, scpLevel) =>
        evaluatePolicies(level, 'scp', statementInput, scpLevel),
      )
    : [];
  const resource = evaluateResourcePolicy(input.resourcePolicy, statementInput);

  return { identity, boundary, scps, resource };
}

function evaluatePolicies(
  policies: Policy[],
  policyKind: 'identity' | 'boundary' | 'scp',
  statementInput: StatementInput,
  scpLevel?: number,
): PolicyTypeResult {
  const matches: StatementMatch[] = [];
  for (const [policyIndex, policy] of policies.entries()) {
    const location: StatementLocation =
      scpLevel === undefined ? { policyKind, policyIndex } : { policyKind, policyIndex, scpLevel };
    const policyInput = withPolicyVersion(statementInput, policy);
    for (const statement of policy.statements) {
      const match = evaluateStatement(statement, location, policyInput);
      if (match !== undefined) {
        matches.push(match);
      }
    }
  }

  return {
    allows: or(...matchesWithEffect(matches, 'Allow').map((match) => TRUTH_OF[match.result])),
    denies: or(...matchesWithEffect(matches, 'Deny').map((match) => TRUTH_OF[match.result])),
    matches,
  };
}

function evaluateResourcePolicy(
  policy: Policy | undefined,
  statementInput: StatementInput,
): ResourcePolicyResult {
  const matches: StatementMatch[] = [];
  if (policy === undefined) {
    return { allows: 'no', denies: 'no', matches, allowsBy: NO_GRANTS };
  }

  const policyInput = withPolicyVersion(statementInput, policy);
  for (const statement of policy.statements) {
    const match = evaluateStatement(
      statement,
      { policyKind: 'resource', policyIndex: 0 },
      policyInput,
    );
    if (match !== undefined) {
      matches.push(match);
    }
  }

  const allows = matchesWithEffect(matches, 'Allow');
  const allowsWith = (grant: ResourceGrant): Truth =>
    or(
      ...allows
        .filter((match) => match.principal?.grant === grant)
        .map((match) => TRUTH_OF[match.result]),
    );

  return {
    allows: or(...allows.map((match) => TRUTH_OF[match.result])),
    denies: or(...matchesWithEffect(matches, 'Deny').map((match) => TRUTH_OF[match.result])),
    matches,
    allowsBy: {
      principal: allowsWith('principal'),
      'session-issuer': allowsWith('session-issuer'),
      account: allowsWith('account'),
    },
  };
}

const NO_GRANTS: Record<ResourceGrant, Truth> = {
  principal: 'no',
  'session-issuer': 'no',
  account: 'no',
};

function matchesWithEffect(matches: StatementMatch[], effect: 'Allow' | 'Deny'): StatementMatch[] {
  return matches.filter((match) => match.effect === effect);
}

/**
 * Combines the Allow results of each policy type into one result, adding a note for the
 * policy type that blocks the request.
 */
function decideAllow(
  input: EvaluationInput,
  principal: RequestPrincipal,
  results: PolicyTypeResults,
  notes: string[],
): Truth {
  const { identity, boundary, scps, resource } = results;

  if (principal.kind === 'service' || principal.kind === 'anonymous') {
    if (resource.allowsBy.principal === 'no') {
      notes.push(`No statement of the resource-based policy allows ${principal.value}`);
    }
    return resource.allowsBy.principal;
  }

  const scpAllows = and(...scps.map((level) => level.allows));
  for (const [level, result] of scps.entries()) {
    if (result.allows === 'no') {
      notes.push(`No SCP at organization level ${level} allows the request`);
    }
  }

  // The root user has full access in its own account. Only SCPs and explicit denies limit it.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
  const identityAllows = principal.kind === 'root' ? 'yes' : identity.allows;
  const identityWithinBoundary = and(identityAllows, boundary.allows);

  const principalAccount = input.principalAccount ?? principal.account;
  const resourceAccount = resourceAccountOf(input, principalAccount, notes);
  const sameAccount = sameAccountAllows(input, results, identityWithinBoundary);
  const crossAccount = and(identityWithinBoundary, resource.allows);

  let allowed: Truth;
  if (principalAccount === undefined || resourceAccount === undefined) {
    allowed = sameAccount === crossAccount ? sameAccount : 'maybe';
    if (sameAccount !== crossAccount) {
      notes.push(
        'The decision depends on whether the caller and the resource are in the same account, ' +
          'and the account of the caller is unknown',
      );
    }
  } else if (principalAccount === resourceAccount) {
    allowed = sameAccount;
  } else {
    allowed = crossAccount;
    if (resource.allows === 'no') {
      notes.push(
        `The resource in account ${resourceAccount} has no resource-based policy statement ` +
          `that allows a caller from account ${principalAccount}`,
      );
    }
  }

  if (identityAllows !== 'no' && boundary.allows === 'no') {
    notes.push('The permissions boundary does not allow the request');
  }
  if (allowed === 'no' && identityAllows === 'no' && resource.allows === 'no') {
    notes.push('No identity-based or resource-based policy allows the request');
  }

  return and(scpAllows, allowed);
}

function sameAccountAllows(
  input: EvaluationInput,
  results: PolicyTypeResults,
  identityWithinBoundary: Truth,
): Truth {
  const { boundary, resource } = results;
  const byPrincipal = resource.allowsBy.principal;
  const bySessionIssuer = and(resource.allowsBy['session-issuer'], boundary.allows);

  if (requiresResourcePolicy(input.request)) {
    // KMS key policies and role trust policies must allow the request even within one
    // account. A grant to the account lets the identity-based policies decide.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
    const byAccount = and(resource.allowsBy.account, identityWithinBoundary);
    return or(byPrincipal, bySessionIssuer, byAccount);
  }

  return or(byPrincipal, bySessionIssuer, identityWithinBoundary);
}

const ROLE_TRUST_ACTIONS = new Set([
  'sts:assumerole',
  'sts:assumerolewithsaml',
  'sts:assumerolewithwebidentity',
]);

function requiresResourcePolicy(request: EvaluationRequest): boolean {
  const action = request.action.toLowerCase();
  if (ROLE_TRUST_ACTIONS.has(action)) {
    return true;
  }

  const arn = parseArn(request.resource);
  return action.startsWith('kms:') && arn?.service === 'kms' && arn.resource.startsWith('key/');
}

/**
 * Returns the resource's account: `resourceAccount`, else the account in the resource ARN.
 * S3 bucket and object ARNs and `*` name no account, so the resource is then taken to be
 * in the caller's account and a note records that assumption.
 */
function resourceAccountOf(
  input: EvaluationInput,
  principalAccount: string | undefined,
  notes: string[],
): string | undefined {
  const account = input.resourceAccount ?? accountOfResource(input.request.resource);
  if (account !== undefined || principalAccount === undefined) {
    return account;
  }

  notes.push(
    `The resource ARN names no account, so the resource is taken to be in the caller's ` +
      `account ${principalAccount}; pass resourceAccount to evaluate a cross-account request`,
  );
  return principalAccount;
}

function accountOfResource(resource: string): string | undefined {
  const account = parseArn(resource)?.account;
  return account === undefined || account === '' || account === 'aws' ? undefined : account;
}
