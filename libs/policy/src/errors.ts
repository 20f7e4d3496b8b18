import type { PolicyType } from '../../contract/src/index.js';

export type PolicyErrorCode = 'POLICY_MISMATCH' | 'INVALID_PERMISSION' | 'INVALID_EVENT_TIME';

/** Base class of the errors this library throws. Callers branch on `code`, not on the message. */
export abstract class PolicyError extends Error {
  abstract readonly code: PolicyErrorCode;
}

/**
 * An event was folded into the policy of another attachment target or policy type. This
 * is a routing bug in the caller, never a property of the event.
 */
export class PolicyMismatchError extends PolicyError {
  readonly code = 'POLICY_MISMATCH';
  override readonly name = 'PolicyMismatchError';

  constructor(
    readonly policy: { attachTo: string; policyType: PolicyType },
    readonly event: { id: string; attachTo: string; policyType: PolicyType },
  ) {
    super(
      `Event ${event.id} targets the ${event.policyType} policy of ${event.attachTo}, ` +
        `but was folded into the ${policy.policyType} policy of ${policy.attachTo}. ` +
        'Route each event to the policy state with the same attachTo and policyType.',
    );
  }
}

/** A permission cannot appear in a policy of the requested type. */
export class InvalidPermissionError extends PolicyError {
  readonly code = 'INVALID_PERMISSION';
  override readonly name = 'InvalidPermissionError';

  constructor(
    message: string,
    readonly permission: { action: string; resource: string },
  ) {
    super(message);
  }
}

/** An event time that `Date.parse` cannot read, so first and last seen cannot be ordered. */
export class InvalidEventTimeError extends PolicyError {
  readonly code = 'INVALID_EVENT_TIME';
  override readonly name = 'InvalidEventTimeError';

  constructor(
    readonly eventId: string,
    readonly time: string,
  ) {
    super(
      `Event ${eventId} has an invalid time "${time}". ` +
        'Expected an ISO 8601 date-time with an offset, such as 2026-01-01T00:00:00Z.',
    );
  }
}

export function isPolicyError(error: unknown): error is PolicyError {
  return error instanceof PolicyError;
}

export function isPolicyMismatchError(error: unknown): error is PolicyMismatchError {
  return error instanceof PolicyMismatchError;
}

export function isInvalidPermissionError(error: unknown): error is InvalidPermissionError {
  return error instanceof InvalidPermissionError;
}

export function isInvalidEventTimeError(error: unknown): error is InvalidEventTimeError {
  return error instanceof InvalidEventTimeError;
}
