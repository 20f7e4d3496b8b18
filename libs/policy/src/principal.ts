import {
  SERVICE_PRINCIPAL_PATTERN,
  type IamEvaluationEvent,
  type StatementPrincipal,
} from '../../contract/src/index.js';

import { formatArn, parseArn, type Arn } from './arn.js';
import { compareText, sortedUnique } from './canonical.js';

/** The principal of an evaluation event, with STS sessions folded to their role. */
export type NormalisedPrincipal = IamEvaluationEvent['principal'];

/**
 * Classifies a principal and folds an STS role session to the IAM role that issued it.
 *
 * `arn:aws:sts::A:assumed-role/NAME/SESSION` becomes `arn:aws:iam::A:role/NAME` in the same
 * partition, and `sessionArn` keeps the original. The session ARN drops the role path, so
 * when `issuerArn` is an IAM role ARN of the same partition, account and name, the issuer
 * (with its path) is used instead. An issuer that does not match is ignored.
 */
export function normalisePrincipal(
  arnOrServicePrincipal: string,
  issuerArn?: string,
): NormalisedPrincipal {
  if (arnOrServicePrincipal === '*') {
    return { arn: '*', kind: 'anonymous' };
  }

  if (SERVICE_PRINCIPAL_PATTERN.test(arnOrServicePrincipal)) {
    return { arn: arnOrServicePrincipal, kind: 'service' };
  }

  const arn = parseArn(arnOrServicePrincipal);
  if (arn === undefined) {
    return { arn: arnOrServicePrincipal, kind: 'other' };
  }

  if (arn.service === 'sts') {
    return normaliseStsPrincipal(arn, arnOrServicePrincipal, issuerArn);
  }

  // An IAM group can hold policies but is never the principal of a request.
  const kind = arn.service === 'iam' ? iamIdentityKind(arn) : undefined;
  if (kind !== undefined && kind !== 'group') {
    return { arn: arnOrServicePrincipal, kind };
  }

  return { arn: arnOrServicePrincipal, kind: 'other' };
}

function normaliseStsPrincipal(
  arn: Arn,
  original: string,
  issuerArn: string | undefined,
): NormalisedPrincipal {
  if (arn.resource.startsWith('federated-user/')) {
    return { arn: original, kind: 'federated-user' };
  }

  // Role session names cannot contain "/", so a session ARN has exactly three segments.
  const segments = arn.resource.split('/');
  if (segments.length !== 3 || segments[0] !== 'assumed-role' || !segments[1] || !segments[2]) {
    return { arn: original, kind: 'other' };
  }

  const roleName = segments[1];
  const issuer = issuerArn === undefined ? undefined : parseArn(issuerArn);
  const issuerMatches =
    issuer !== undefined &&
    issuer.service === 'iam' &&
    issuer.partition === arn.partition &&
    issuer.account === arn.account &&
    issuer.resource.startsWith('role/') &&
    issuer.resource.split('/').at(-1) === roleName;

  const roleArn = issuerMatches
    ? formatArn(issuer)
    : formatArn({ ...arn, service: 'iam', region: '', resource: `role/${roleName}` });

  return { arn: roleArn, kind: 'role', sessionArn: original };
}

function iamIdentityKind(arn: Arn): 'root' | 'user' | 'group' | 'role' | undefined {
  if (arn.resource === 'root') {
    return 'root';
  }

  for (const kind of ['user', 'group', 'role'] as const) {
    if (arn.resource.startsWith(`${kind}/`)) {
      return kind;
    }
  }

  return undefined;
}

export const ATTACHMENT_KINDS = ['role', 'user', 'group', 'root', 'resource', 'other'] as const;

export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/**
 * Classifies the target a policy attaches to. IAM roles, users, groups and account roots
 * get their own kind. Any other service's ARN is a `resource` (the holder of a
 * resource-based policy). Other IAM or STS ARNs and text that is not an ARN are `other`.
 */
export function attachmentKind(attachToArn: string): AttachmentKind {
  const arn = parseArn(attachToArn);
  if (arn === undefined) {
    return 'other';
  }

  if (arn.service === 'iam') {
    return iamIdentityKind(arn) ?? 'other';
  }

  return arn.service === 'sts' ? 'other' : 'resource';
}

const PRINCIPAL_TYPES = ['AWS', 'CanonicalUser', 'Federated', 'Service'] as const;

type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** A `Principal` element with every value list deduplicated, sorted and written as an array. */
export type NormalisedStatementPrincipal = '*' | { [type in PrincipalType]?: string[] };

/**
 * Rewrites a `Principal` element into one spelling per meaning: principal types in
 * alphabetical order, and each value list as a sorted array without duplicates. `"*"`
 * stays a string, and `{"AWS": "*"}` stays distinct from it.
 */
export function normaliseStatementPrincipal(
  principal: StatementPrincipal,
): NormalisedStatementPrincipal {
  if (principal === '*') {
    return '*';
  }

  const normalised: { [type in PrincipalType]?: string[] } = {};
  for (const type of PRINCIPAL_TYPES.toSorted(compareText)) {
    const value = principal[type];
    if (value !== undefined) {
      normalised[type] = sortedUnique(typeof value === 'string' ? [value] : value);
    }
  }

  return normalised;
}

/**
 * Builds the `Principal` element that grants to the principal of an event: `"*"` for an
 * anonymous caller, `{"Service": [...]}` for a service and `{"AWS": [...]}` otherwise.
 */
export function statementPrincipalFor(
  principal: NormalisedPrincipal,
): NormalisedStatementPrincipal {
  if (principal.kind === 'anonymous') {
    return '*';
  }

  if (principal.kind === 'service') {
    return { Service: [principal.arn] };
  }

  return { AWS: [principal.arn] };
}
