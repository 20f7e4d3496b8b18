import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

import {
  BadRequestException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request } from 'express';

const gunzipAsync = promisify(gunzip);

/** Default request body limit for the ingest endpoints, overridable with INGEST_BODY_LIMIT_BYTES. */
export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * Content types whose framing would corrupt JSON, NDJSON or log text. Form encoding is accepted
 * because `curl --data-binary @file` sends that type when no `-H content-type` is given, and
 * it leaves the bytes unchanged.
 */
const REJECTED_CONTENT_TYPES = ['multipart/'];

const GZIP_MAGIC = [0x1f, 0x8b];

export function bodyLimitBytes(): number {
  const text = process.env.INGEST_BODY_LIMIT_BYTES;
  const limit = text === undefined || text === '' ? DEFAULT_BODY_LIMIT_BYTES : Number(text);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`INGEST_BODY_LIMIT_BYTES is "${text}" but must be a positive integer`);
  }

  return limit;
}

/**
 * Reads the request body as UTF-8 text. A gzip body (by `Content-Encoding: gzip` or by its
 * magic bytes) is decompressed, and `limit` applies to the compressed and the decompressed
 * size alike, so a small gzip bomb is rejected too. A leading byte-order mark is dropped.
 */
export async function readBody(request: Request, limit: number): Promise<string> {
  checkContentType(request);
  const raw = await readRawBody(request, limit);
  const bytes = isGzip(request, raw) ? await decompress(raw, limit) : raw;
  const text = bytes.toString('utf8');

  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * Reads the raw request body, rejecting it with 413 as soon as it passes `limit` bytes. The app
 * disables Nest's body parser so the ingest routes see the untouched stream.
 */
export async function readRawBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw tooLarge(limit);
  }

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;

    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }

      // Stop buffering but keep draining, so the client still gets the 413 response.
      request.off('data', onData);
      request.resume();
      reject(tooLarge(limit));
    };

    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

function checkContentType(request: Request): void {
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  if (REJECTED_CONTENT_TYPES.some((rejected) => contentType.startsWith(rejected))) {
    throw new UnsupportedMediaTypeException(
      `Content-Type ${contentType} is not supported; send application/json, application/x-ndjson or text/plain`,
    );
  }
}

function isGzip(request: Request, body: Buffer): boolean {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'gzip') {
    return true;
  }
  if (encoding !== 'identity' && encoding !== '') {
    throw new UnsupportedMediaTypeException(
      `Content-Encoding ${encoding} is not supported; send the body uncompressed or with gzip`,
    );
  }

  return body.length >= 2 && body[0] === GZIP_MAGIC[0] && body[1] === GZIP_MAGIC[1];
}

async function decompress(body: Buffer, limit: number): Promise<Buffer> {
  try {
    return await gunzipAsync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(limit, 'decompressed ');
    }
    throw new BadRequestException(
      `Request body is not valid gzip (${(error as Error).message}); send the whole file again`,
    );
  }
}

function tooLarge(limit: number, qualifier = ''): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `Request body ${qualifier}is larger than the limit of ${limit} bytes; split it into smaller batches`,
  );
}
