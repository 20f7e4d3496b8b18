/** Delays of a capped exponential backoff, in milliseconds. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/**
 * Returns the delay before retry number `attempt` (1 for the first retry): the initial delay
 * doubled per attempt and capped at `maxMs`, of which a random half is dropped ("equal
 * jitter"), so clients that failed together do not retry together. The delay is never below
 * half the capped value.
 */
export function backoffDelayMs(
  attempt: number,
  { initialMs, maxMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const capped = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));

  return Math.round(capped / 2 + random() * (capped / 2));
}
