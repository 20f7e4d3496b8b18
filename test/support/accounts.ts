import { randomInt } from 'node:crypto';

/** Returns a random 12-digit account id, so each test file's ARNs differ from another's. */
export function randomAccountId(): string {
  return String(randomInt(100_000_000_000, 999_999_999_999));
}
