import { createServer, type Server, type Socket } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';

import { READINESS_CHECK_TIMEOUT_MS } from '../../../../libs/platform/src/index.js';
import { withEnvironment } from '../../../../test/support/environment.js';
import { createAggregatorApp } from '../main.js';

// Port 1 on loopback refuses connections at once, so the failing checks finish fast.
const UNREACHABLE_KAFKA = '127.0.0.1:1';
const UNREACHABLE_DATABASE = 'postgresql://postgres@127.0.0.1:1/policy_ledger';

/**
 * Creates the aggregator without starting its Kafka consumer. The Kafka and Prisma clients
 * read KAFKA_BROKERS and DATABASE_URL when the app is created, so `environment` applies only
 * during creation.
 */
async function startAggregatorApp(
  environment: Record<string, string> = {},
): Promise<INestApplication> {
  return withEnvironment(environment, async () => {
    const app = await createAggregatorApp();
    await app.init();
    return app;
  });
}

describe('aggregator health endpoints', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('ready returns 200 when both respond', async () => {
    app = await startAggregatorApp();

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.details).toSorted()).toEqual(['kafka', 'postgres']);
    expect(response.body.details.kafka.status).toBe('up');
    expect(response.body.details.kafka.brokers).toBeGreaterThanOrEqual(1);
    expect(response.body.details.postgres.status).toBe('up');
  });

  it('ready returns 503 when Kafka is unreachable', async () => {
    app = await startAggregatorApp({ KAFKA_BROKERS: UNREACHABLE_KAFKA });

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body.status).toBe('error');
    expect(response.body.error.kafka.status).toBe('down');
    expect(response.body.error.kafka.message).toEqual(expect.any(String));
    expect(response.body.info.postgres.status).toBe('up');
  });

  it('ready returns 503 when Postgres is unreachable', async () => {
    app = await startAggregatorApp({ DATABASE_URL: UNREACHABLE_DATABASE });

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body.status).toBe('error');
    expect(response.body.error.postgres.status).toBe('down');
    expect(response.body.error.postgres.message).toEqual(expect.any(String));
    expect(response.body.info.kafka.status).toBe('up');
  });

  it('ready times out when Kafka never responds', async () => {
    const sockets = new Set<Socket>();
    const silentBroker: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silentBroker.listen(0, '127.0.0.1', resolve));
    const address = silentBroker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;

    try {
      app = await startAggregatorApp({ KAFKA_BROKERS: `127.0.0.1:${port}` });
      const started = Date.now();

      const response = await request(app.getHttpServer()).get('/health/ready');

      expect(response.status).toBe(503);
      expect(response.body.error.kafka.status).toBe('down');
      expect(response.body.error.kafka.message).toBe(
        `timeout of ${READINESS_CHECK_TIMEOUT_MS}ms exceeded`,
      );
      expect(response.body.info.postgres.status).toBe('up');
      expect(Date.now() - started).toBeLessThan(READINESS_CHECK_TIMEOUT_MS + 2_000);
    } finally {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise((resolve) => silentBroker.close(resolve));
    }
  });

  it('live returns 200 with both unreachable', async () => {
    app = await startAggregatorApp({
      KAFKA_BROKERS: UNREACHABLE_KAFKA,
      DATABASE_URL: UNREACHABLE_DATABASE,
    });

    const response = await request(app.getHttpServer()).get('/health/live');

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.details).toEqual({});
  });
});
