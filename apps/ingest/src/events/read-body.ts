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

/** The two bytes every gzip member starts with (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

export function bodyLimitBytes(): number {
  const text = process.env.INGEST_BODY_LIMIT_BYTES;
  const limit = text === undefined || text === '' ? DEFAULT_BODY_LIMIT_BYTES : Number(text);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`INGEST_BODY_LIMIT_BYTES is "${text}" but must be a positive integer`);
  }

  return limit;
}

/**
 * Reads the request body as UTF-8 text. A gzip body is decompressed as `decodeBody` describes,
 * and `limit` applies to the compressed and the decompressed size alike. A leading byte-order
 * mark is dropped.
 */
export async function readBody(request: Request, limit: number): Promise<string> {
  const raw = await readRawBody(request, limit);
  const text = await decodeBody(raw, request.headers['content-encoding'], limit);

  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * Reads the raw request body, rejecting a multipart body with 415 and any body with 413 as soon
 * as it passes `limit` bytes. The app disables Nest's body parser so the ingest routes see the
 * untouched stream.
 */
export async function readRawBody(request: Request, limit: number): Promise<Buffer> {
  checkContentType(request);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw tooLarge('Request body', limit);
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
      reject(tooLarge('Request body', limit));
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

/**
 * Turns a body into UTF-8 text, decompressing it when `Content-Encoding` names gzip or the
 * body starts with the gzip magic bytes. Decompression stops at `limit` bytes of output, so
 * a small gzip bomb cannot expand into gigabytes.
 *
 * Throws 413 when the decompressed body passes `limit`, 400 when the gzip stream is
 * truncated or corrupt, and 415 for any other content encoding.
 */
export async function decodeBody(
  body: Buffer,
  contentEncoding: string | undefined,
  limit: number,
): Promise<string> {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((encoding) => encoding.trim().toLowerCase())
    .filter((encoding) => encoding !== '' && encoding !== 'identity');
  const declaredGzip =
    encodings.length === 1 && (encodings[0] === 'gzip' || encodings[0] === 'x-gzip');
  if (encodings.length > 0 && !declaredGzip) {
    throw new UnsupportedMediaTypeException(
      `Content-Encoding "${contentEncoding}" is not supported; send the body uncompressed or with Content-Encoding: gzip`,
    );
  }

  if (!declaredGzip && !startsWithGzipMagic(body)) {
    return body.toString('utf8');
  }

  return (await gunzipWithin(body, limit)).toString('utf8');
}

function startsWithGzipMagic(body: Buffer): boolean {
  return body.length >= 2 && body[0] === GZIP_MAGIC[0] && body[1] === GZIP_MAGIC[1];
}

async function gunzipWithin(body: Buffer, limit: number): Promise<Buffer> {
  try {
    return await gunzipAsync(body, { maxOutputLength: limit });
  } catch (error) {
    throw gzipError(error, body.length, limit);
  }
}

function gzipError(error: unknown, compressedBytes: number, limit: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof RangeError || code === 'ERR_BUFFER_TOO_LARGE') {
    return tooLarge('Decompressed request body', limit);
  }

  if (code === 'Z_BUF_ERROR') {
    return new BadRequestException(
      `Request body is a truncated gzip stream: it ends after ${compressedBytes} bytes, before the gzip trailer; send the complete file`,
    );
  }

  const reason = error instanceof Error ? error.message : String(error);
  return new BadRequestException(
    `Request body is not valid gzip (${reason}); send the compressed file unchanged, or the body uncompressed`,
  );
}

function tooLarge(subject: string, limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `${subject} is larger than the limit of ${limit} bytes; split it into smaller batches`,
  );
}
