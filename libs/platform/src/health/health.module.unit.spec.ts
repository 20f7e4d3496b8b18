import 'reflect-metadata';

import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Kafka } from 'kafkajs';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { HealthModule, type HealthChecksOptions } from './health.module.js';
import type { SqlQueryClient } from './postgres.health.js';
import { READINESS_CHECK_TIMEOUT_MS } from './readiness.js';

const SQL_CLIENT = Symbol('SQL_CLIENT');
const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

interface FakeAdmin {
  connect: ReturnType<typeof vi.fn>;
  describeCluster: ReturnType<typeof vi.fn>;
  disconnect: ReturnType<typeof vi.fn>;
}

function fakeAdmin(overrides: Partial<FakeAdmin> = {}): FakeAdmin {
  return {
    connect: vi.fn(async () => {}),
    describeCluster: vi.fn(async () => ({ brokers: [{ nodeId: 1 }, { nodeId: 2 }] })),
    disconnect: vi.fn(async () => {}),
    ...overrides,
  };
}

function fakeKafka(admin: FakeAdmin): { kafka: Kafka; adminOptions: unknown[] } {
  const adminOptions: unknown[] = [];
  const kafka = {
    admin: (options: unknown) => {
      adminOptions.push(options);
      return admin;
    },
  } as unknown as Kafka;
  return { kafka, adminOptions };
}

function sqlClient(queryRaw: SqlQueryClient['$queryRaw']): SqlQueryClient {
  return { $queryRaw: queryRaw };
}

async function startHealthApp(
  options: HealthChecksOptions,
  clients: { kafka?: Kafka; sql?: SqlQueryClient } = {},
): Promise<INestApplication> {
  @Module({
    providers: [
      { provide: KAFKA_CLIENT, useValue: clients.kafka ?? null },
      { provide: SQL_CLIENT, useValue: clients.sql ?? null },
    ],
    exports: [KAFKA_CLIENT, SQL_CLIENT],
  })
  class ClientsModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [HealthModule.forChecks({ imports: [ClientsModule], ...options })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('HealthModule.forChecks', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('live checks no dependency', async () => {
    const queryRaw = vi.fn(async () => [{ '?column?': 1 }]);
    app = await startHealthApp({ postgres: SQL_CLIENT }, { sql: sqlClient(queryRaw) });

    const response = await request(app.getHttpServer()).get('/health/live');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    expect(queryRaw).not.toHaveBeenCalled();
  });

  it('ready without checks returns 200', async () => {
    app = await startHealthApp({});

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('postgres token sends SELECT 1', async () => {
    const queryRaw = vi.fn(async (_query: TemplateStringsArray) => [{ '?column?': 1 }]);
    app = await startHealthApp({ postgres: SQL_CLIENT }, { sql: sqlClient(queryRaw) });

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.details)).toEqual(['postgres']);
    expect(response.body.info.postgres.status).toBe('up');
    expect(queryRaw).toHaveBeenCalledTimes(1);
    expect(queryRaw.mock.calls[0]![0].join('?')).toBe('SELECT 1');
  });

  it('postgres factory builds the client', async () => {
    const queryRaw = vi.fn(async () => []);
    app = await startHealthApp(
      {
        postgres: {
          inject: [SQL_CLIENT],
          useFactory: (wrapper: SqlQueryClient) => sqlClient(wrapper.$queryRaw),
        },
      },
      { sql: sqlClient(queryRaw) },
    );

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(200);
    expect(queryRaw).toHaveBeenCalledTimes(1);
  });

  it('postgres error returns 503 with message', async () => {
    const queryRaw = vi.fn(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:1');
    });
    app = await startHealthApp({ postgres: SQL_CLIENT }, { sql: sqlClient(queryRaw) });

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body.status).toBe('error');
    expect(response.body.error.postgres.status).toBe('down');
    expect(response.body.error.postgres.message).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });

  it('kafka token reports broker count', async () => {
    const admin = fakeAdmin();
    const { kafka, adminOptions } = fakeKafka(admin);
    app = await startHealthApp({ kafka: KAFKA_CLIENT }, { kafka });

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(200);
    expect(Object.keys(response.body.details)).toEqual(['kafka']);
    expect(response.body.info.kafka.status).toBe('up');
    expect(response.body.info.kafka.brokers).toBe(2);
    expect(adminOptions).toEqual([{ retry: { retries: 0 } }]);
    expect(admin.connect).toHaveBeenCalledTimes(1);
    expect(admin.describeCluster).toHaveBeenCalledTimes(1);
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
  });

  it('kafka connect error returns 503', async () => {
    const admin = fakeAdmin({
      connect: vi.fn(async () => {
        throw new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1');
      }),
    });
    const { kafka } = fakeKafka(admin);
    app = await startHealthApp({ kafka: KAFKA_CLIENT }, { kafka });

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body.error.kafka.status).toBe('down');
    expect(response.body.error.kafka.message).toBe(
      'Connection error: connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(admin.describeCluster).not.toHaveBeenCalled();
    expect(admin.disconnect).toHaveBeenCalled();
  });

  it('one failing check fails readiness', async () => {
    const admin = fakeAdmin({
      describeCluster: vi.fn(async () => {
        throw new Error('There is no leader for this topic-partition');
      }),
    });
    const { kafka } = fakeKafka(admin);
    const queryRaw = vi.fn(async () => []);
    app = await startHealthApp(
      { kafka: KAFKA_CLIENT, postgres: SQL_CLIENT },
      { kafka, sql: sqlClient(queryRaw) },
    );

    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body.status).toBe('error');
    expect(Object.keys(response.body.details).toSorted()).toEqual(['kafka', 'postgres']);
    expect(response.body.info.postgres.status).toBe('up');
    expect(response.body.error.kafka.status).toBe('down');
  });

  it(
    'kafka timeout skips describeCluster',
    async () => {
      let finishConnect: (() => void) | undefined;
      const admin = fakeAdmin({
        connect: vi.fn(
          () =>
            new Promise<void>((resolve) => {
              finishConnect = resolve;
            }),
        ),
      });
      const { kafka } = fakeKafka(admin);
      app = await startHealthApp({ kafka: KAFKA_CLIENT }, { kafka });
      const started = Date.now();

      const response = await request(app.getHttpServer()).get('/health/ready');

      expect(response.status).toBe(503);
      expect(response.body.error.kafka.status).toBe('down');
      expect(response.body.error.kafka.message).toBe(
        `timeout of ${READINESS_CHECK_TIMEOUT_MS}ms exceeded`,
      );
      expect(Date.now() - started).toBeLessThan(READINESS_CHECK_TIMEOUT_MS + 1_000);

      // The broker connects after the check has already timed out.
      finishConnect?.();
      await vi.waitFor(() => expect(admin.disconnect).toHaveBeenCalledTimes(1));
      expect(admin.describeCluster).not.toHaveBeenCalled();
    },
    READINESS_CHECK_TIMEOUT_MS + 5_000,
  );
});
