import 'reflect-metadata';

import type { INestApplication } from '@nestjs/common';

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
  const previous = new Map(Object.keys(environment).map((name) => [name, process.env[name]]));
  process.env.LOG_LEVEL ??= 'silent';
  Object.assign(process.env, environment);

  try {
    const app = await createApiApp();
    await app.init();
    return app;
  } finally {
    for (const [name, value] of previous) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  }
}
