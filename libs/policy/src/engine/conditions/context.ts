import type { RequestContext } from '../policy.js';

/** State of one condition key in the request context. */
export type ContextKeyValue =
  | { state: 'present'; values: string[] }
  /** The request is known not to carry the key. */
  | { state: 'absent' }
  /** The context may be incomplete, so the key may or may not be in the real request. */
  | { state: 'unknown' };

export interface ContextOptions {
  /**
   * True when `context` contains every key of the request, so a key that is not there is known
   * to be absent. When false (the default), only a key set to `undefined` is known to be
   * absent, and any other missing key makes the conditions that need it `conditional`.
   */
  contextComplete?: boolean;
}

/**
 * Finds a condition key by name, ignoring case as IAM does, and returns its state in the
 * context. An empty array counts as absent, because IAM treats an empty set like a
 * missing key.
 */
export function getContextKeyValue(
  context: RequestContext | undefined,
  key: string,
  options: ContextOptions = {},
): ContextKeyValue {
  const lowerKey = key.toLowerCase();
  const name = Object.keys(context ?? {}).find((candidate) => candidate.toLowerCase() === lowerKey);
  if (name === undefined) {
    return options.contextComplete === true ? { state: 'absent' } : { state: 'unknown' };
  }

  const value = context?.[name];
  if (value === undefined) {
    return { state: 'absent' };
  }

  const values = typeof value === 'string' ? [value] : value;
  return values.length === 0 ? { state: 'absent' } : { state: 'present', values };
}
