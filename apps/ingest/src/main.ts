import 'reflect-metadata';
import { pathToFileURL } from 'node:url';

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';

import { httpPort } from '../../../libs/platform/src/index.js';
import { IngestModule } from './ingest.module.js';

export const DEFAULT_INGEST_PORT = 3100;

/**
 * Creates the ingest app. The body parser is off because the ingest routes read and limit the
 * raw body themselves (NDJSON is not JSON).
 */
export async function createIngestApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(IngestModule, {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  return app;
}

async function bootstrap(): Promise<void> {
  const app = await createIngestApp();
  await app.listen(httpPort(DEFAULT_INGEST_PORT), process.env.HOST ?? '127.0.0.1');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bootstrap();
}
