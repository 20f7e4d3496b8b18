import type { Decision } from '../../../contract/src/index.js';

/**
 * `errorCode` values of calls that IAM denied: S3 and most JSON APIs use `AccessDenied` or
 * `AccessDeniedException`, EC2 `Client.UnauthorizedOperation`, SNS `AuthorizationError`.
 */
export const DENIAL_ERROR_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'Client.UnauthorizedOperation',
  'UnauthorizedOperation',
  'AuthorizationError',
]);

/**
 * `errorCode` values of calls rejected before IAM evaluated them (bad or expired
 * credentials, a bad signature), so the record shows the call but not the decision.
 */
export const AUTHENTICATION_ERROR_CODES: ReadonlySet<string> = new Set([
  'AuthFailure',
  'ExpiredToken',
  'ExpiredTokenException',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'MissingAuthenticationToken',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
]);

/**
 * Derives the IAM decision from a record's error. A denial is `explicit-deny` when its
 * message contains "explicit deny" and `implicit-deny` otherwise. An authentication failure
 * is `unknown`. Any other outcome, success or an error raised after authorisation such as
 * `NoSuchKey`, is `allow`.
 */
export function decisionOf(
  errorCode: string | undefined,
  errorMessage: string | undefined,
): Decision {
  if (errorCode === undefined || errorCode === '') {
    return 'allow';
  }

  if (DENIAL_ERROR_CODES.has(errorCode)) {
    return /explicit deny/i.test(errorMessage ?? '') ? 'explicit-deny' : 'implicit-deny';
  }

  return AUTHENTICATION_ERROR_CODES.has(errorCode) ? 'unknown' : 'allow';
}

const DENIED_RESOURCE = /perform: ([A-Za-z0-9-]+:[A-Za-z0-9]+) on resource: (arn:[^\s"]+)/;

/**
 * Reads the action and resource ARN from a denial message such as `User: ... is not
 * authorized to perform: kms:Decrypt on resource: arn:aws:kms:... because ...`.
 */
export function deniedResource(
  errorMessage: string | undefined,
): { action: string; resource: string } | undefined {
  const match = DENIED_RESOURCE.exec(errorMessage ?? '');
  if (match === null) {
    return undefined;
  }

  return { action: match[1]!, resource: match[2]!.replace(/[.,;]+$/, '') };
}
