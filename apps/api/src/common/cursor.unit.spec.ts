import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from './api-errors.js';
import {
  decodePrincipalCursor,
  decodeVersionCursor,
  encodePrincipalCursor,
  encodeVersionCursor,
} from './cursor.js';

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('version cursor', () => {
  it.each([1, 2, 99, 2_147_483_647])('round-trips version %i', (version) => {
    expect(decodeVersionCursor(encodeVersionCursor(version))).toBe(version);
  });

  it('is base64url of the version', () => {
    expect(encodeVersionCursor(3)).toBe(base64url('version:3'));
  });

  it('accepts standard base64 padding', () => {
    const padded = Buffer.from('version:12', 'utf8').toString('base64');

    expect(padded.endsWith('=')).toBe(true);
    expect(decodeVersionCursor(padded)).toBe(12);
  });

  it.each([
    ['empty', ''],
    ['not base64', 'not a cursor!'],
    ['zero', base64url('version:0')],
    ['negative', base64url('version:-1')],
    ['leading zero', base64url('version:01')],
    ['fraction', base64url('version:1.5')],
    ['too large', base64url('version:2147483648')],
    ['no prefix', base64url('3')],
    ['principal cursor', encodePrincipalCursor('arn:aws:iam::123456789012:root')],
  ])('rejects %s', (_name, cursor) => {
    expect(() => decodeVersionCursor(cursor)).toThrow(InvalidArgumentError);
  });

  it('names the argument in the error', () => {
    try {
      decodeVersionCursor('bad', 'after');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe('after');
      expect((error as InvalidArgumentError).message).toContain('after is not a valid cursor');
    }
  });
});

describe('principal cursor', () => {
  it.each([
    'arn:aws:iam::123456789012:role/service-role/image-resizer',
    'arn:aws-cn:s3:::bucket/key with spaces/ünïcode',
    'arn:aws:lambda:us-east-1:123456789012:function:resize',
  ])('round-trips %s', (arn) => {
    const cursor = encodePrincipalCursor(arn);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePrincipalCursor(cursor)).toBe(arn);
  });

  it.each([
    ['version cursor', encodeVersionCursor(1)],
    ['empty ARN', base64url('principal:')],
    ['not base64', '%%%'],
    ['NUL in the ARN', base64url('principal:\u0000x')],
    ['ARN longer than 2048 characters', base64url(`principal:${'a'.repeat(2049)}`)],
  ])('rejects %s', (_name, cursor) => {
    expect(() => decodePrincipalCursor(cursor)).toThrow(InvalidArgumentError);
  });

  it('names the argument when the ARN contains NUL', () => {
    const cursor = base64url('principal:\u0000x');

    expect(() => decodePrincipalCursor(cursor, 'after')).toThrow(
      `after is not a valid cursor: ${JSON.stringify(cursor)}.`,
    );
  });
});
