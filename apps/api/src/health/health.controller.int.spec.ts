import { createServer, type Server, type Socket } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';

import { READINESS_CHECK_TIMEOUT_MS } from '../../../../libs/platform/src/index.js';
import { startApiApp } from '../../test/api-test-app.js';

// Port 1 on loopback refuses connections at once, so the failing checks finish fast.
const UNREACHABLE_KAFKA = '127.0.0.1:1';
const UNREACHABLE_DATABASE = 'postgresql://postgres@127.0.0.1:1/policy_ledger';

describe('health endpoints', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('live returns 200 without checking dependencies', async () => {
    app = await startApiApp({
      KAFKA_BROKERS: UNREACHABLE_KAFKA,
      DATABASE_URL: UNREACHABLE_DATABASE,
    });

    const response = await request(app.getHttpServer()).get('/health/live');

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });

  it('ready returns 200 when Postgres answers', async () => {
    app = await startApiApp();

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.details)).toEqual(['postgres']);
    expect(response.body.details.postgres.status).toBe('up');
  });

  // The API reads only PostgreSQL, so a Kafka outage must not take it out of service.
  it('ready returns 200 when Kafka is unreachable', async () => {
    app = await startApiApp({ KAFKA_BROKERS: UNREACHABLE_KAFKA });

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(200);
    expect(Object.keys(response.body.details)).toEqual(['postgres']);
  });

  it('ready returns 503 when Postgres is unreachable', async () => {
    app = await startApiApp({ DATABASE_URL: UNREACHABLE_DATABASE });

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body.status).toBe('error');
    expect(response.body.error.postgres.status).toBe('down');
    expect(response.body.error.postgres.message).toEqual(expect.any(String));
  });

  it('ready times out when Postgres accepts but never answers', async () => {
    const sockets = new Set<Socket>();
    const silentDatabase: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silentDatabase.listen(0, '127.0.0.1', resolve));
    const address = silentDatabase.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;

    try {
      app = await startApiApp({
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/policy_ledger`,
      });
      const started = Date.now();

      const response = await request(app.getHttpServer()).get('/health/ready');

      expect(response.status).toBe(503);
      expect(response.body.error.postgres.message).toBe(
        `timeout of ${READINESS_CHECK_TIMEOUT_MS}ms exceeded`,
      );
      expect(Date.now() - started).toBeLessThan(READINESS_CHECK_TIMEOUT_MS + 2_000);
    } finally {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise((resolve) => silentDatabase.close(resolve));
    }
  });
});
