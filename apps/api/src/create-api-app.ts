import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module.js';
import { limitRequestBody } from './request-body.js';

/**
 * Creates the API application without listening, so tests can drive it in-process with
 * supertest (`app.init()`, then `app.getHttpServer()`) and main.ts can call `listen`.
 */
export async function createApiApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  limitRequestBody(app);

  return app;
}
