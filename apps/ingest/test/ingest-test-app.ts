import type { NestExpressApplication } from '@nestjs/platform-express';

import { withEnvironment } from '../../../test/support/environment.js';
import { createIngestApp } from '../src/main.js';

/**
 * Boots ingest in-process without opening a port, so tests pass `app.getHttpServer()` to
 * supertest. The controllers read INGEST_BODY_LIMIT_BYTES when the app is created, so
 * `environment` applies only during creation and is restored afterwards. An `undefined` value
 * unsets a variable.
 */
export async function startIngestApp(
  environment: Record<string, string | undefined> = {},
): Promise<NestExpressApplication> {
  return withEnvironment(environment, async () => {
    const app = await createIngestApp();
    await app.init();
    return app;
  });
}
