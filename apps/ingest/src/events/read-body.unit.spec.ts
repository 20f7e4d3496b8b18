import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import {
  BadRequestException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { describe, expect, it } from 'vitest';

import { decodeBody } from './read-body.js';

const FIXTURES = new URL('../../../../libs/sources/test-fixtures/cloudtrail/', import.meta.url);
const logFile = readFileSync(new URL('sample-log-file.json', FIXTURES));
const gzipped = readFileSync(new URL('sample-log-file.json.gz', FIXTURES));
const LIMIT = 1024 * 1024;

describe('decodeBody', () => {
  it('returns a plain body as text', async () => {
    expect(await decodeBody(logFile, undefined, LIMIT)).toBe(logFile.toString('utf8'));
  });

  it('decompresses gzip named by Content-Encoding', async () => {
    expect(await decodeBody(gzipped, 'gzip', LIMIT)).toBe(logFile.toString('utf8'));
  });

  it('decompresses gzip recognised by its magic bytes', async () => {
    expect(await decodeBody(gzipped, undefined, LIMIT)).toBe(logFile.toString('utf8'));
  });

  it('accepts x-gzip and identity spellings', async () => {
    expect(await decodeBody(gzipped, 'X-Gzip', LIMIT)).toBe(logFile.toString('utf8'));
    expect(await decodeBody(logFile, 'identity', LIMIT)).toBe(logFile.toString('utf8'));
  });

  it('reads concatenated gzip members as one body', async () => {
    const body = Buffer.concat([gzipSync('{"Records": ['), gzipSync(']}')]);

    expect(await decodeBody(body, 'gzip', LIMIT)).toBe('{"Records": []}');
  });

  it('rejects truncated gzip with 400 naming the cut', async () => {
    const truncated = gzipped.subarray(0, gzipped.length - 20);

    const error = await decodeBody(truncated, 'gzip', LIMIT).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as Error).message).toBe(
      `Request body is a truncated gzip stream: it ends after ${truncated.length} bytes, before the gzip trailer; send the complete file`,
    );
  });

  it('rejects corrupt gzip with 400', async () => {
    const corrupt = Buffer.from(gzipped);
    corrupt.fill(0x41, 12, 40);

    const error = await decodeBody(corrupt, 'gzip', LIMIT).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as Error).message).toMatch(/^Request body is not valid gzip \(/);
  });

  it('rejects a body declared as gzip that is not gzip', async () => {
    const error = await decodeBody(logFile, 'gzip', LIMIT).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as Error).message).toMatch(/incorrect header check/);
  });

  it('stops a gzip bomb at the limit with 413', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);

    const error = await decodeBody(bomb, undefined, LIMIT).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PayloadTooLargeException);
    expect((error as Error).message).toBe(
      `Decompressed request body is larger than the limit of ${LIMIT} bytes; split it into smaller batches`,
    );
  });

  it('rejects other encodings with 415', async () => {
    const error = await decodeBody(logFile, 'br', LIMIT).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UnsupportedMediaTypeException);
    expect((error as Error).message).toMatch(/Content-Encoding "br" is not supported/);
  });
});
