import { isStorableText, MAX_ARN_LENGTH } from '../../../../libs/contract/src/index.js';
import { InvalidArgumentError } from './api-errors.js';

// Text arguments are ARNs, search strings and the ARN inside a cursor. PostgreSQL rejects NUL
// in text, and the pg driver would turn an unpaired surrogate into U+FFFD, so both are
// rejected here with a 400 instead of failing or matching other rows. The event contract
// limits ARNs to MAX_ARN_LENGTH UTF-16 code units, and a longer search cannot match one.

/** Returns why `value` is not a valid text argument, or undefined when it is valid. */
export function textArgumentProblem(value: string): string | undefined {
  if (value.includes('\u0000')) {
    return 'must not contain NUL characters (U+0000)';
  }

  // isStorableText also rejects NUL, which is checked above for a message of its own.
  if (!isStorableText(value)) {
    return 'must be valid Unicode text, but it contains an unpaired UTF-16 surrogate';
  }

  if (value.length > MAX_ARN_LENGTH) {
    return `must be at most ${MAX_ARN_LENGTH} characters long, got ${value.length}`;
  }

  return undefined;
}

/** Returns `value`, or throws InvalidArgumentError naming `argument` when it is not valid text. */
export function checkTextArgument(argument: string, value: string): string {
  const problem = textArgumentProblem(value);
  if (problem !== undefined) {
    throw new InvalidArgumentError(argument, `${argument} ${problem}.`);
  }

  return value;
}
