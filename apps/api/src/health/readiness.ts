/** Time limit of each readiness check, so a hung dependency fails the probe instead of stalling it. */
export const READINESS_CHECK_TIMEOUT_MS = 3_000;
