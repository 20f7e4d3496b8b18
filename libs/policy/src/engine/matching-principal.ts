import { parseArn, type Arn } from '../arn.js';

import type { PrincipalElement, PrincipalType } from './policy.js';

const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/**
 * Tests whether a `Principal` or `NotPrincipal` element names the calling principal: an
 * IAM or STS ARN, a service principal such as `s3.amazonaws.com`, a federated provider, a
 * canonical user id, or `*` for an anonymous caller. Rules follow "AWS JSON policy elements:
 * Principal" in the IAM User Guide
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 *
 * - `"*"` and `{"AWS": "*"}` match every caller, anonymous ones included.
 * - An account, as `123456789012` or `arn:aws:iam::123456789012:root`, matches every IAM and
 *   STS principal of that account, because it delegates to the account rather than naming its
 *   root user. The ARN form also requires the same partition. A cross-account caller still
 *   needs an identity policy of its own, and that check belongs to evaluation.
 * - A role ARN matches the role and its sessions
 *   (`arn:aws:sts::123456789012:assumed-role/NAME/SESSION`). Role and user ARNs compare by
 *   partition, account and name and ignore the path, because names are unique in an account
 *   and session ARNs carry no path. Names are case-sensitive.
 * - Other AWS entries (session ARNs, federated users, unique ids such as `AROA...`) and
 *   `CanonicalUser` entries must equal the caller exactly. `Service` entries and `Federated`
 *   provider names compare case-insensitively, except `Federated` ARNs.
 * - A wildcard inside an ARN is literal text, because IAM does not allow partial wildcards
 *   in principals.
 *
 * NOTE: with `NotPrincipal`, AWS requires listing the account and the session as well as the
 * role to exclude a role session. This function returns only whether the element names the
 * principal, so evaluation has to apply that rule.
 */
export function matchPrincipal(element: PrincipalElement, principal: string): boolean {
  if (element === '*') {
    return true;
  }

  const entries = Object.entries(element) as [PrincipalType, string[] | undefined][];
  return entries.some(([type, values]) =>
    (values ?? []).some((value) => principalEntryMatches(type, value, principal)),
  );
}

function principalEntryMatches(type: PrincipalType, entry: string, principal: string): boolean {
  switch (type) {
    case 'AWS':
      return awsEntryMatches(entry, principal);
    case 'Service':
      return entry.toLowerCase() === principal.toLowerCase();
    case 'Federated':
      return entry.startsWith('arn:')
        ? entry === principal
        : entry.toLowerCase() === principal.toLowerCase();
    case 'CanonicalUser':
      return entry === principal;
  }
}

function awsEntryMatches(entry: string, principal: string): boolean {
  if (entry === '*' || entry === principal) {
    return true;
  }

  const caller = parseArn(principal);
  if (caller === undefined || (caller.service !== 'iam' && caller.service !== 'sts')) {
    return false;
  }

  if (ACCOUNT_ID_PATTERN.test(entry)) {
    return caller.account === entry;
  }

  const named = parseArn(entry);
  if (
    named === undefined ||
    named.partition !== caller.partition ||
    named.account !== caller.account
  ) {
    return false;
  }

  if (named.service === 'iam' && named.resource === 'root') {
    return true;
  }

  // A named session or federated user matches only itself, which the equality test above covers.
  const namedIdentity = named.service === 'iam' ? iamIdentity(named) : undefined;
  const callerIdentity = iamIdentity(caller);
  return (
    namedIdentity !== undefined &&
    callerIdentity !== undefined &&
    namedIdentity.kind === callerIdentity.kind &&
    namedIdentity.name === callerIdentity.name
  );
}

/**
 * Reduces a role, role session or user ARN to its kind and name. A session counts as its
 * role. Returns undefined for every other ARN.
 */
function iamIdentity(arn: Arn): { kind: 'role' | 'user'; name: string } | undefined {
  const segments = arn.resource.split('/');
  const [type] = segments;
  const name = segments.at(-1);
  if (name === undefined || name === '' || segments.length < 2) {
    return undefined;
  }

  if (arn.service === 'iam' && (type === 'role' || type === 'user')) {
    return { kind: type, name };
  }

  // Role session names cannot contain "/", so a session ARN has exactly three segments.
  if (arn.service === 'sts' && type === 'assumed-role' && segments.length === 3) {
    return { kind: 'role', name: segments[1] as string };
  }

  return undefined;
}
