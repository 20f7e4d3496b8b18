import type { IamEvaluationEvent } from '../../contract/src/index.js';

import { normalisePrincipal } from './principal.js';

/**
 * Brings an event into the one spelling the fold expects: the service prefix of the action in
 * lower case (IAM compares actions case-insensitively), and an identity policy attached to an
 * STS assumed-role session moved to the session's role. A session ARN carries no role path, so
 * the role ARN has none either. `canonicalAction`, when given, returns the action catalog's
 * spelling of an action it lists.
 */
export function normaliseEvent(
  event: IamEvaluationEvent,
  canonicalAction?: (action: string) => string | undefined,
): IamEvaluationEvent {
  const lowerPrefix = lowerServicePrefix(event.action);
  const action = canonicalAction?.(lowerPrefix) ?? lowerPrefix;

  if (event.policyType !== 'identity' || !event.attachTo.includes(':assumed-role/')) {
    return action === event.action ? event : { ...event, action };
  }

  const role = normalisePrincipal(event.attachTo);
  const principal =
    event.principal.arn === event.attachTo
      ? { ...role, sessionArn: event.attachTo }
      : event.principal;

  return { ...event, action, attachTo: role.arn, principal };
}

/** Lower-cases the service prefix of `service:Action`, which IAM compares case-insensitively. */
export function lowerServicePrefix(action: string): string {
  const separator = action.indexOf(':');
  return `${action.slice(0, separator).toLowerCase()}${action.slice(separator)}`;
}
