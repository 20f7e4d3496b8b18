import { LoggerModule } from 'nestjs-pino';

/**
 * Structured JSON logging, one object per line. Request headers that can carry secrets are
 * redacted before a line is written.
 */
export function loggingModule(service: string) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { service },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
      autoLogging: { ignore: (request) => request.url?.startsWith('/health') ?? false },
    },
  });
}
