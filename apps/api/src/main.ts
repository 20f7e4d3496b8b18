import 'reflect-metadata';

import { Logger } from '@nestjs/common';

import { createApiApp } from './create-api-app.js';
import { apiListenAddress } from './listen-address.js';

async function bootstrap(): Promise<void> {
  const { host, port } = apiListenAddress();
  const app = await createApiApp();

  // On SIGTERM or SIGINT Nest stops accepting requests, closes the Prisma pool and exits.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

  await app.listen(port, host);
  Logger.log(
    `API listening on ${host} port ${port} (GraphQL at /graphql, REST under /v1)`,
    'Bootstrap',
  );
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
