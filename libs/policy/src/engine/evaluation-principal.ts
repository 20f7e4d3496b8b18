import { parseArn } from '../arn.js';

import { matchPrincipal } from './matching.js';
import type { PrincipalElement, PrincipalType } from './policy.js';

export type RequestPrincipalKind =
  'user' | 'role' | 'role-session' | 'federated-user' | 'root' | 'service' | 'anonymous' | 'other';

/** The caller of an evaluated request, classified once so every rule reads the same facts. */
export interface RequestPrincipal {
  value: string;
  kind: RequestPrincipalKind;
  /** Account of an ARN principal. Undefined for service principals and anonymous callers. */
  account?: string;
}

/**
 * Kind of reference by which an Allow statement of a resource-based policy names the caller.
 * - `principal`: the caller itself (its user, role session or federated user session ARN,
 *   or its service name), or everyone (`"*"` or `NotPrincipal`).
 * - `session-issuer`: the IAM role of a role session, or the IAM user of a federated user.
 * - `account`: the caller's account, which delegates the decision to the account's IAM
 *   policies.
 */
export type ResourceGrant = 'principal' | 'session-issuer' | 'account';

const SERVICE_PRINCIPAL_PATTERN = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;
const ACCOUNT_PRINCIPAL_PATTERN = /^(\d{12}|arn:[a-z0-9-]+:iam::\d{12}:root)$/;

export function classifyRequestPrincipal(value: string): RequestPrincipal {
  if (value === '*') {
    return { value, kind: 'anonymous' };
  }
  if (SERVICE_PRINCIPAL_PATTERN.test(value)) {
    return { value, kind: 'service' };
  }

  const arn = parseArn(value);
  if (arn === undefined) {
    return { value, kind: 'other' };
  }

  const { service, account, resource } = arn;
  let kind: RequestPrincipalKind = 'other';
  if (service === 'iam' && resource === 'root') {
    kind = 'root';
  } else if (service === 'iam' && resource.startsWith('user/')) {
    kind = 'user';
  } else if (service === 'iam' && resource.startsWith('role/')) {
    kind = 'role';
  } else if (service === 'sts' && resource.startsWith('assumed-role/')) {
    kind = 'role-session';
  } else if (service === 'sts' && resource.startsWith('federated-user/')) {
    kind = 'federated-user';
  }

  return { value, kind, account: account === '' ? undefined : account };
}

const GRANT_STRENGTH: Record<ResourceGrant, number> = {
  account: 0,
  'session-issuer': 1,
  principal: 2,
};

/**
 * Returns the strongest way in which a `Principal` element names the caller, or undefined
 * when it does not name the caller at all.
 */
export function classifyResourceGrant(
  element: PrincipalElement,
  principal: RequestPrincipal,
): ResourceGrant | undefined {
  let strongest: ResourceGrant | undefined;
  for (const grant of namedGrants(element, principal)) {
    if (strongest === undefined || GRANT_STRENGTH[grant] > GRANT_STRENGTH[strongest]) {
      strongest = grant;
    }
  }
  return strongest;
}

/**
 * Tests whether a `NotPrincipal` element exempts the caller from its statement.
 *
 * In an Allow statement, naming the caller at any level (itself, its role or its account)
 * exempts it, so nothing is granted to a principal the element mentions. In a Deny
 * statement, AWS may check the account, then the role or user, then the session. The
 * caller therefore escapes the Deny only when the element names every level: the account
 * and the user, or the account, the role and the role session. A wildcard exempts everyone.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 *
 * NOTE: the AWS NotPrincipal page states it "might" check each level, depending on the service, so a Deny with an
 * incomplete NotPrincipal list may deny less in AWS than here.
 */
export function isExemptByNotPrincipal(
  element: PrincipalElement,
  principal: RequestPrincipal,
  effect: 'Allow' | 'Deny',
): boolean {
  const grants = new Set(namedGrants(element, principal));
  if (effect === 'Allow' || grants.size === 0 || namesEveryone(element)) {
    return grants.size > 0;
  }

  switch (principal.kind) {
    case 'user':
    case 'federated-user':
      return grants.has('principal') && grants.has('account');
    case 'role-session':
      return grants.has('principal') && grants.has('session-issuer') && grants.has('account');
    default:
      return true;
  }
}

function namesEveryone(element: PrincipalElement): boolean {
  return element === '*' || (element.AWS ?? []).includes('*');
}

/**
 * Lists how each entry of a `Principal` element that names the caller does so. Each entry
 * is tested with `matchPrincipal` on its own, so the matching rules stay in one place and
 * this module only classifies the entries that match.
 */
function namedGrants(element: PrincipalElement, principal: RequestPrincipal): ResourceGrant[] {
  if (element === '*') {
    return matchPrincipal(element, principal.value) ? ['principal'] : [];
  }

  const grants: ResourceGrant[] = [];
  for (const [type, entries] of Object.entries(element) as [PrincipalType, string[]][]) {
    for (const entry of entries) {
      if (matchPrincipal({ [type]: [entry] }, principal.value)) {
        grants.push(classifyPrincipalEntry(type, entry, principal));
      }
    }
  }
  return grants;
}

function classifyPrincipalEntry(
  type: PrincipalType,
  entry: string,
  principal: RequestPrincipal,
): ResourceGrant {
  if (type !== 'AWS' || entry === '*') {
    return 'principal';
  }
  if (ACCOUNT_PRINCIPAL_PATTERN.test(entry) && principal.kind !== 'root') {
    return 'account';
  }

  const resource = parseArn(entry)?.resource ?? '';
  if (principal.kind === 'role-session' && resource.startsWith('role/')) {
    return 'session-issuer';
  }
  if (principal.kind === 'federated-user' && resource.startsWith('user/')) {
    return 'session-issuer';
  }
  return 'principal';
}
