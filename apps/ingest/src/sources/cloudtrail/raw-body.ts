import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

import {
  BadRequestException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request } from 'express';

const gunzipAsync = promisify(gunzip);

/** The two bytes every gzip member starts with (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Reads the raw request body as bytes, rejecting it with 413 as soon as it passes `limit`
 * bytes. The ingest app disables Nest's body parser, so the stream is untouched.
 */
export async function readRawBody(request: Request, limit: number): Promise<Buffer> {
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
    `Request body is not valid gzip (${reason}); send a .json.gz file as it is, or the uncompressed JSON`,
  );
}

function tooLarge(subject: string, limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `${subject} is larger than the limit of ${limit} bytes; split it into smaller batches`,
  );
}
