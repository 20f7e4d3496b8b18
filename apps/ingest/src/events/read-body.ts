import type { Request } from 'express';

import { PayloadTooLargeException } from '@nestjs/common';

/** Default request body limit for the ingest endpoints, overridable with INGEST_BODY_LIMIT_BYTES. */
export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

export function bodyLimitBytes(): number {
  const text = process.env.INGEST_BODY_LIMIT_BYTES;
  const limit = text === undefined || text === '' ? DEFAULT_BODY_LIMIT_BYTES : Number(text);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`INGEST_BODY_LIMIT_BYTES is "${text}" but must be a positive integer`);
  }

  return limit;
}

/**
 * Reads the raw request body as UTF-8, rejecting it with 413 as soon as it passes `limit`
 * bytes. The app disables Nest's body parser so these routes see the untouched stream.
 */
export async function readBody(request: Request, limit: number): Promise<string> {
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
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `Request body is larger than the limit of ${limit} bytes; split it into smaller batches`,
  );
}
