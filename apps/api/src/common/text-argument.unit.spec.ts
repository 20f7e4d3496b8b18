import { describe, expect, it } from 'vitest';

import { MAX_ARN_LENGTH } from '../../../../libs/contract/src/index.js';
import { InvalidArgumentError } from './api-errors.js';
import { checkTextArgument } from './text-argument.js';

function errorOf(action: () => unknown): InvalidArgumentError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }

  throw new Error('expected InvalidArgumentError, but nothing was thrown');
}

describe('checkTextArgument', () => {
  it.each([
    ['an ARN', 'arn:aws:iam::123456789012:role/service-role/image-resizer'],
    ['an empty string', ''],
    ['a paired surrogate', 'arn:aws:s3:::bucket/\u{1F600}'],
    ['non-ASCII text', 'arn:aws:s3:::bucket/ünïcode'],
    ['the maximum length', 'a'.repeat(MAX_ARN_LENGTH)],
  ])('accepts %s', (_name, value) => {
    expect(checkTextArgument('arn', value)).toBe(value);
  });

  it('rejects a NUL character', () => {
    const error = errorOf(() => checkTextArgument('arn', 'a\u0000b'));

    expect(error.argument).toBe('arn');
    expect(error.message).toBe('arn must not contain NUL characters (U+0000).');
  });

  it.each([
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', 'a\uDC00b'],
    ['a trailing high surrogate', 'abc\uD83D'],
    ['reversed surrogates', '\uDE00\uD83D'],
  ])('rejects %s', (_name, value) => {
    const error = errorOf(() => checkTextArgument('search', value));

    expect(error.argument).toBe('search');
    expect(error.message).toBe(
      'search must be valid Unicode text, but it contains an unpaired UTF-16 surrogate.',
    );
  });

  it('rejects a value longer than an ARN', () => {
    const error = errorOf(() => checkTextArgument('arn', 'a'.repeat(MAX_ARN_LENGTH + 1)));

    expect(error.argument).toBe('arn');
    expect(error.message).toBe(
      `arn must be at most ${MAX_ARN_LENGTH} characters long, got ${MAX_ARN_LENGTH + 1}.`,
    );
  });
});
