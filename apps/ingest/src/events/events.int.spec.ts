import { gzipSync } from 'node:zlib';

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { randomAccountId } from '../../../../test/support/accounts.js';
import { topicMessageCount } from '../../../../test/support/kafka.js';
import { startIngestApp } from '../../test/ingest-test-app.js';
import { createIngestApp } from '../main.js';

const BODY_LIMIT_BYTES = 64 * 1024;

function canonicalEvent(account: string, id: string): Record<string, unknown> {
  return {
    id,
    time: '2026-12-01T10:00:00.000Z',
    source: 'canonical',
    principal: { arn: `arn:aws:iam::${account}:role/reader`, kind: 'role' },
    policyType: 'identity',
    attachTo: `arn:aws:iam::${account}:role/reader`,
    action: 's3:GetObject',
    resource: `arn:aws:s3:::bucket-${account}/key.txt`,
    decision: 'allow',
    request: { service: 's3', operation: 'GetObject', region: 'us-east-1', account },
  };
}

function streamEntry(account: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    resource: `arn:aws:iam::${account}:role/writer`,
    policy_type: 'identity',
    policy_document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::bucket-${account}/out.txt`,
          Sid: 'Test0a1b2c3d',
        },
      ],
    },
    request: { id: `request-${account}`, service: 's3', operation: 'PutObject', allowed: true },
    ...overrides,
  });
}

describe('ingest HTTP API', () => {
  const account = randomAccountId();
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startIngestApp({ INGEST_BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES) });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('accepts a JSON array of canonical events after Kafka acknowledged them', async () => {
    const before = await topicMessageCount();

    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .send([canonicalEvent(account, `${account}-a`), canonicalEvent(account, `${account}-b`)]);

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: 2, rejected: [] });
    expect(await topicMessageCount()).toBe(before + 2n);
  });

  it('accepts valid NDJSON lines and reports a malformed line', async () => {
    const before = await topicMessageCount();
    const body = [
      '{"id": "broken',
      '',
      JSON.stringify(canonicalEvent(account, `${account}-c`)),
    ].join('\n');

    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .set('content-type', 'application/x-ndjson')
      .send(body);

    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(1);
    expect(response.body.rejected).toHaveLength(1);
    expect(response.body.rejected[0].line).toBe(1);
    expect(response.body.rejected[0].field).toBe('(line)');
    expect(response.body.rejected[0].error).toMatch(/not valid JSON/);
    expect(await topicMessageCount()).toBe(before + 1n);
  });

  it('accepts a LocalStack policy stream and skips blank lines', async () => {
    const before = await topicMessageCount();

    const response = await request(app.getHttpServer())
      .post('/v1/sources/localstack/policy-stream')
      .set('content-type', 'application/x-ndjson')
      .send(`\n${streamEntry(account)}\n\n`);

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: 1, rejected: [] });
    expect(await topicMessageCount()).toBe(before + 1n);
  });

  const badRequests: Array<{
    name: string;
    path: string;
    body: string;
    field: string;
    error: RegExp;
  }> = [
    {
      name: 'malformed JSON line',
      path: '/v1/sources/localstack/policy-stream',
      body: '{"resource": "arn:aws:iam::123456789012:role/x", ',
      field: '(line)',
      error: /not valid JSON/,
    },
    {
      name: 'missing field',
      path: '/v1/events',
      body: JSON.stringify({
        ...canonicalEvent('123456789012', 'missing-action'),
        action: undefined,
      }),
      field: 'action',
      error: /expected string/,
    },
    {
      name: 'unknown policy_type',
      path: '/v1/sources/localstack/policy-stream',
      body: streamEntry('123456789012', { policy_type: 'session' }),
      field: 'policy_type',
      error: /"session" but must be one of "identity", "resource", "resource-based"/,
    },
    {
      name: 'invalid ARN',
      path: '/v1/sources/localstack/policy-stream',
      body: streamEntry('123456789012', { resource: 'role/writer' }),
      field: 'resource',
      error: /must be an ARN/,
    },
    {
      name: 'invalid resource ARN in a canonical event',
      path: '/v1/events',
      body: JSON.stringify({
        ...canonicalEvent('123456789012', 'bad-resource'),
        resource: 'bucket/key',
      }),
      field: 'resource',
      error: /must be an ARN or "\*"/,
    },
    {
      name: 'empty body',
      path: '/v1/events',
      body: '',
      field: '',
      error: /no records/,
    },
  ];

  it.each(badRequests)(
    'rejects $name with 400 naming the field',
    async ({ path, body, field, error }) => {
      const before = await topicMessageCount();

      const response = await request(app.getHttpServer())
        .post(path)
        .set('content-type', 'application/x-ndjson')
        .send(body);

      expect(response.status).toBe(400);
      if (field === '') {
        expect(response.body.message).toMatch(error);
      } else {
        expect(response.body.rejected[0].field).toBe(field);
        expect(response.body.rejected[0].error).toMatch(error);
      }
      expect(await topicMessageCount()).toBe(before);
    },
  );

  it('rejects an oversized body with 413 and publishes nothing', async () => {
    const before = await topicMessageCount();
    const line = JSON.stringify(canonicalEvent(account, `${account}-big`));
    const body = Array.from(
      { length: Math.ceil((BODY_LIMIT_BYTES * 2) / line.length) },
      () => line,
    ).join('\n');

    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .set('content-type', 'application/x-ndjson')
      .send(body);

    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/larger than the limit of 65536 bytes/);
    expect(await topicMessageCount()).toBe(before);
  });

  it('accepts a gzip body by Content-Encoding and by magic bytes', async () => {
    const body = gzipSync(JSON.stringify([canonicalEvent(account, `${account}-gzip`)]));

    const declared = await request(app.getHttpServer())
      .post('/v1/events')
      .set('content-encoding', 'gzip')
      .set('content-type', 'application/x-ndjson')
      .send(body);
    const sniffed = await request(app.getHttpServer())
      .post('/v1/events')
      .set('content-type', 'application/octet-stream')
      .send(body);

    expect(declared.body).toMatchObject({ accepted: 1 });
    expect(declared.status).toBe(202);
    expect(declared.body.accepted).toBe(1);
    expect(sniffed.status).toBe(202);
    expect(sniffed.body.accepted).toBe(1);
  });

  it('rejects truncated gzip with 400', async () => {
    const body = gzipSync(JSON.stringify([canonicalEvent(account, `${account}-cut`)]));

    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .set('content-encoding', 'gzip')
      .send(body.subarray(0, body.length - 10));

    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(
      /^Request body is a truncated gzip stream: it ends after /,
    );
  });

  it('rejects a gzip body that decompresses past the limit', async () => {
    const body = gzipSync(Buffer.alloc(BODY_LIMIT_BYTES * 4, ' '));

    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .set('content-encoding', 'gzip')
      .send(body);

    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/^Decompressed request body is larger than the limit/);
  });

  it('drops a leading byte-order mark', async () => {
    const body = `\uFEFF${JSON.stringify([canonicalEvent(account, `${account}-bom`)])}`;

    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .set('content-type', 'application/json; charset=utf-8')
      .send(body);

    expect(response.status).toBe(202);
  });

  it('rejects multipart bodies with 415', async () => {
    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .set('content-type', 'multipart/form-data; boundary=x')
      .send('--x\r\n\r\n[]\r\n--x--');

    expect(response.status).toBe(415);
    expect(response.body.message).toMatch(/application\/x-ndjson/);
  });

  it.each(['yes', '', 'TRUE&strict=true'])('rejects strict=%s with 400', async (value) => {
    const response = await request(app.getHttpServer())
      .post(`/v1/events?strict=${value}`)
      .send([canonicalEvent(account, `${account}-strict-${value}`)]);

    expect(response.status).toBe(400);
    expect(response.body.parameter).toBe('strict');
  });

  it('publishes a batch larger than one Kafka message limit', async () => {
    const before = await topicMessageCount();
    const events = Array.from({ length: 1_000 }, (_, index) => ({
      ...canonicalEvent(account, `${account}-large-${index}`),
      resource: `arn:aws:s3:::bucket-${account}/${'k'.repeat(1_500)}${index}`,
    }));

    const large = await createLargeBodyApp();
    try {
      const response = await request(large.getHttpServer()).post('/v1/events').send(events);

      expect(response.status).toBe(202);
      expect(response.body.accepted).toBe(1_000);
      expect(await topicMessageCount()).toBe(before + 1_000n);
    } finally {
      await large.close();
    }
  });

  it('rejects deeply nested JSON with 400, not 500', async () => {
    const body = `[${'['.repeat(10_000)}${']'.repeat(10_000)}]`;

    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .set('content-type', 'application/json')
      .send(body);

    expect(response.status).toBe(400);
    expect(response.body.rejected[0].field).toBe('(record)');
  });

  it('moves an identity policy of an STS session to its role', async () => {
    const session = `arn:aws:sts::${account}:assumed-role/reader/session-1`;
    const before = await topicMessageCount();

    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .send([
        {
          ...canonicalEvent(account, `${account}-session`),
          attachTo: session,
          action: 'S3:getobject',
        },
      ]);

    expect(response.status).toBe(202);
    expect(await topicMessageCount()).toBe(before + 1n);
  });

  it('publishes nothing in strict mode when one record is invalid', async () => {
    const before = await topicMessageCount();
    const body = [
      JSON.stringify(canonicalEvent(account, `${account}-strict`)),
      JSON.stringify({ ...canonicalEvent(account, `${account}-strict-bad`), decision: 'maybe' }),
    ].join('\n');

    const response = await request(app.getHttpServer())
      .post('/v1/events?strict=true')
      .set('content-type', 'application/x-ndjson')
      .send(body);

    expect(response.status).toBe(400);
    expect(response.body.accepted).toBe(0);
    expect(response.body.rejected).toEqual([
      { line: 2, field: 'decision', error: expect.stringMatching(/allow/) },
    ]);
    expect(await topicMessageCount()).toBe(before);
  });
});

/** Creates an ingest app with the default 10 MiB body limit, for bodies over the test limit. */
async function createLargeBodyApp(): Promise<NestExpressApplication> {
  return startIngestApp({ INGEST_BODY_LIMIT_BYTES: undefined });
}

describe('ingest without Kafka', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    process.env.KAFKA_BROKERS = '127.0.0.1:1';
    app = await createIngestApp();
    await app.init();
  });

  afterAll(async () => {
    process.env.KAFKA_BROKERS = '127.0.0.1:9092';
    await app?.close();
  });

  it('answers 503 with Retry-After and accepts nothing', async () => {
    const response = await request(app.getHttpServer())
      .post('/v1/events')
      .send([canonicalEvent('123456789012', 'no-kafka')]);

    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body.accepted).toBe(0);
  });

  it('reports Kafka as down on readiness', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready');

    expect(response.status).toBe(503);
    expect(response.body.status).toBe('error');
    expect(Object.keys(response.body.details)).toEqual(['kafka']);
    expect(response.body.error.kafka.status).toBe('down');
    expect(response.body.error.kafka.message).toEqual(expect.any(String));
  });
});
