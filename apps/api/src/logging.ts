import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Params } from 'nestjs-pino';

const DEFAULT_LOG_LEVEL = 'info';

/**
 * Builds nestjs-pino options: one JSON object per line on stdout at LOG_LEVEL (default
 * info). Each request is logged at info, warn for 4xx or error for 5xx, except health
 * probes. Credentials in headers are redacted.
 */
export function loggerParams(): Params {
  return {
    pinoHttp: {
      level: process.env.LOG_LEVEL ?? DEFAULT_LOG_LEVEL,
      autoLogging: {
        ignore: (request: IncomingMessage) => request.url?.startsWith('/health/') ?? false,
      },
      customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) => {
        if (error !== undefined || response.statusCode >= 500) {
          return 'error';
        }

        return response.statusCode >= 400 ? 'warn' : 'info';
      },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  };
}
