import 'reflect-metadata';

import { Logger } from '@nestjs/common';

import { createApiApp } from './create-api-app.js';

const DEFAULT_PORT = 3000;

function listenPort(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') {
    return DEFAULT_PORT;
  }

  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(raw)}.`);
  }

  return port;
}

async function bootstrap(): Promise<void> {
  const port = listenPort();
  const app = await createApiApp();

  // On SIGTERM or SIGINT Nest stops accepting requests, closes the Prisma pool and exits.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

  await app.listen(port);
  Logger.log(`API listening on port ${port} (GraphQL at /graphql, REST under /v1)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // The pino logger may not exist yet, so this line is written as JSON by hand.
  console.error(
    JSON.stringify({
      level: 'fatal',
      msg: 'API failed to start',
      err: error instanceof Error ? { message: error.message, stack: error.stack } : error,
    }),
  );
  process.exit(1);
});
