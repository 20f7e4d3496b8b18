import 'reflect-metadata';

import type { INestApplication } from '@nestjs/common';

import { withEnvironment } from '../../../test/support/environment.js';
import { createApiApp } from '../src/create-api-app.js';

/**
 * Boots the API in-process on no port; pass `app.getHttpServer()` to supertest. Logs are
 * silent unless LOG_LEVEL is set. Environment overrides apply while the app is created
 * (the Prisma client and the GraphQL limits read their settings then) and are restored
 * afterwards.
 */
export async function startApiApp(
  environment: Record<string, string> = {},
): Promise<INestApplication> {
  process.env.LOG_LEVEL ??= 'silent';

  return withEnvironment(environment, async () => {
    const app = await createApiApp();
    await app.init();
    return app;
  });
}
