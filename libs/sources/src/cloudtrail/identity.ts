import { SERVICE_PRINCIPAL_PATTERN } from '../../../contract/src/index.js';
import { normalisePrincipal, type NormalisedPrincipal } from '../../../policy/src/index.js';
import { InvalidRecordError } from '../record-errors.js';

import type { UserIdentity } from './record.js';

/** Reasons a valid record yields no event. */
export const SKIP_REASONS = [
  'not-an-api-call',
  'no-permission-needed',
  'no-iam-principal',
  'service-call-without-resource-policy',
] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * The caller of an API call: an IAM identity whose identity-based policy needed the
 * permission, an AWS service whose access a resource-based policy grants, or none the
 * reader can name.
 */
export type Caller =
  | { kind: 'identity'; principal: NormalisedPrincipal }
  | { kind: 'service'; servicePrincipal: string }
  | { kind: 'none'; reason: SkipReason };

/**
 * Resolves `userIdentity` to the principal whose policy needed the call:
 * - `AssumedRole` folds the session into its role, keeping the path of
 *   `sessionContext.sessionIssuer.arn` (`role/service-role/NAME`).
 * - `IAMUser` and `Root` are their own ARN.
 * - `FederatedUser` folds into the IAM user that called GetFederationToken (the session
 *   issuer), because a federated user's permissions are bounded by that user's policies.
 * - `AWSService` is the service principal in `invokedBy`.
 * - Any other type (`AWSAccount`, `WebIdentityUser`, `SAMLUser`, `Unknown`) has no IAM
 *   principal ARN, so the record is skipped.
 *
 * Throws InvalidRecordError when a type that needs an ARN lacks one or has the wrong kind.
 */
export function callerOf(identity: UserIdentity): Caller {
  switch (identity.type) {
    case 'Root':
      return identityOfKind(
        requiredArn(identity),
        'root',
        'an account root ARN such as arn:aws:iam::123456789012:root',
      );
    case 'IAMUser':
      return identityOfKind(
        requiredArn(identity),
        'user',
        'an IAM user ARN such as arn:aws:iam::123456789012:user/name',
      );
    case 'AssumedRole':
      return assumedRole(identity);
    case 'FederatedUser':
      return federatedUser(identity);
    case 'AWSService':
      return identity.invokedBy !== undefined && SERVICE_PRINCIPAL_PATTERN.test(identity.invokedBy)
        ? { kind: 'service', servicePrincipal: identity.invokedBy }
        : { kind: 'none', reason: 'no-iam-principal' };
    default:
      return { kind: 'none', reason: 'no-iam-principal' };
  }
}

function assumedRole(identity: UserIdentity): Caller {
  if (identity.arn === undefined && identity.sessionIssuerArn === undefined) {
    throw new InvalidRecordError(
      'userIdentity.arn',
      'is missing, and so is userIdentity.sessionContext.sessionIssuer.arn',
    );
  }

  const principal =
    identity.arn === undefined
      ? normalisePrincipal(identity.sessionIssuerArn!)
      : normalisePrincipal(identity.arn, identity.sessionIssuerArn);
  if (principal.kind !== 'role') {
    throw new InvalidRecordError(
      identity.arn === undefined
        ? 'userIdentity.sessionContext.sessionIssuer.arn'
        : 'userIdentity.arn',
      'must be an STS assumed-role session ARN or an IAM role ARN',
    );
  }

  return { kind: 'identity', principal };
}

function federatedUser(identity: UserIdentity): Caller {
  const sessionArn = requiredArn(identity);
  const session = normalisePrincipal(sessionArn);
  if (session.kind !== 'federated-user') {
    throw new InvalidRecordError(
      'userIdentity.arn',
      'must be an STS federated-user ARN such as arn:aws:sts::123456789012:federated-user/name',
    );
  }

  const issuer =
    identity.sessionIssuerArn === undefined
      ? undefined
      : normalisePrincipal(identity.sessionIssuerArn);
  if (issuer !== undefined && (issuer.kind === 'user' || issuer.kind === 'root')) {
    return { kind: 'identity', principal: { ...issuer, sessionArn } };
  }

  return { kind: 'identity', principal: session };
}

function identityOfKind(arn: string, kind: NormalisedPrincipal['kind'], expected: string): Caller {
  const principal = normalisePrincipal(arn);
  if (principal.kind !== kind) {
    throw new InvalidRecordError('userIdentity.arn', `is "${arn}" but must be ${expected}`);
  }

  return { kind: 'identity', principal };
}

function requiredArn(identity: UserIdentity): string {
  if (identity.arn === undefined) {
    throw new InvalidRecordError(
      'userIdentity.arn',
      `is missing for userIdentity.type ${identity.type}`,
    );
  }

  return identity.arn;
}
