/**
 * API calls that IAM does not authorise, as `prefix:Operation`, with the reason. Sources skip
 * these calls and count them as skipped instead of emitting an event for a permission that
 * no policy can grant or deny.
 */
export const NO_PERMISSION_CALLS: ReadonlyArray<{ call: string; reason: string }> = [
  {
    call: 'sts:GetCallerIdentity',
    reason: 'sts:GetCallerIdentity needs no permission and succeeds even under an explicit deny',
  },
  {
    call: 'sts:GetSessionToken',
    reason: 'sts:GetSessionToken authenticates the caller, and IAM policies cannot control it',
  },
];

const REASONS = new Map(NO_PERMISSION_CALLS.map(({ call, reason }) => [call, reason]));

/**
 * Returns why the call needs no permission, or undefined when it needs one or is not listed.
 * `service` is the IAM prefix, such as `sts`, and `operation` is case-sensitive.
 */
export function noPermissionReason(service: string, operation: string): string | undefined {
  return REASONS.get(`${service}:${operation}`);
}
