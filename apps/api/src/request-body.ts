import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * Maximum size of a JSON request body, in bytes. Only GraphQL requests have a body, because
 * the REST routes are GET. The full graphql-js 16.15 introspection request is about 2 KiB,
 * so 100 KiB leaves room for any real query while bounding the work of parsing one.
 */
export const MAX_REQUEST_BODY_BYTES = 100 * 1024;

const logger = new Logger('RequestBody');

/** Parses JSON bodies up to MAX_REQUEST_BODY_BYTES and rejects larger ones with 413. */
export function limitRequestBody(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: MAX_REQUEST_BODY_BYTES });

  // Express passes body-parser errors to the next error handler. This one replaces the
  // generic "request entity too large" with a message that states the limit. The parser runs
  // before the request logger of nestjs-pino, so the rejection is logged here.
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (!isTooLarge(error)) {
      next(error);
      return;
    }

    logger.warn(
      {
        method: request.method,
        url: request.originalUrl,
        contentLength: request.headers['content-length'],
        limit: MAX_REQUEST_BODY_BYTES,
      },
      'Rejected a request body over the size limit',
    );
    response.status(413).json({
      statusCode: 413,
      error: 'Payload Too Large',
      message:
        `The request body is larger than the limit of ${MAX_REQUEST_BODY_BYTES} bytes ` +
        `(${MAX_REQUEST_BODY_BYTES / 1024} KiB).`,
    });
  });
}

function isTooLarge(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    error.type === 'entity.too.large'
  );
}
