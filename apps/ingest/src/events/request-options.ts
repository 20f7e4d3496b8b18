import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';

import { KAFKA_RETRY_AFTER_SECONDS } from './ingest.service.js';

/**
 * Reads the `strict` query parameter: absent, `false` or `0` is off, `true` or `1` is on, in any
 * case. Anything else is rejected, so a typo never silently publishes a partial batch.
 */
export function parseStrict(value: unknown): boolean {
  if (value === undefined) {
    return false;
  }
  if (typeof value === 'string') {
    const normalised = value.trim().toLowerCase();
    if (normalised === 'true' || normalised === '1') {
      return true;
    }
    if (normalised === 'false' || normalised === '0') {
      return false;
    }
  }

  throw new BadRequestException({
    message: `Query parameter strict is ${JSON.stringify(value)} but must be true, false, 1 or 0 (any case), given once`,
    parameter: 'strict',
  });
}

/** Adds `Retry-After` to a 503 so clients and proxies know when to send the batch again. */
export async function withRetryAfter<T>(response: Response, ingest: () => Promise<T>): Promise<T> {
  try {
    return await ingest();
  } catch (error) {
    if (error instanceof ServiceUnavailableException) {
      response.setHeader('Retry-After', String(KAFKA_RETRY_AFTER_SECONDS));
    }
    throw error;
  }
}
