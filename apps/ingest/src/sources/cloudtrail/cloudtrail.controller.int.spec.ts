import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { randomAccountId } from '../../../../../test/support/accounts.js';
import { topicMessageCount } from '../../../../../test/support/kafka.js';
import { startIngestApp } from '../../../test/ingest-test-app.js';

const BODY_LIMIT_BYTES = 64 * 1024;
const FIXTURES = new URL('../../../../../libs/sources/test-fixtures/cloudtrail/', import.meta.url);
const FIXTURE_ACCOUNT = '626262626262';

/** Returns the sample log file with this run's account and random event ids. */
function sampleLogFile(account: string): string {
  const text = readFileSync(new URL('sample-log-file.json', FIXTURES), 'utf8').replaceAll(
    FIXTURE_ACCOUNT,
    account,
  );

  return text.replace(/"eventID": "[^"]+"/g, () => `"eventID": "${randomUUID()}"`);
}

function kinesisRecord(account: string, overrides: Record<string, unknown> = {}) {
  return {
    eventID: randomUUID(),
    eventTime: '2026-05-22T12:00:00Z',
    eventSource: 'kinesis.amazonaws.com',
    eventName: 'PutRecord',
    awsRegion: 'sa-east-1',
    eventType: 'AwsApiCall',
    recipientAccountId: account,
    userIdentity: {
      type: 'IAMUser',
      arn: `arn:aws:iam::${account}:user/clicks`,
      accountId: account,
    },
    requestParameters: { streamName: 'clicks' },
    ...overrides,
  };
}

describe('POST /v1/sources/cloudtrail', () => {
  const account = randomAccountId();
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startIngestApp({ INGEST_BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES) });
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Sends a body; Buffers go as octet-stream, because superagent would serialise them as JSON. */
  function post(body: string | Buffer, headers: Record<string, string> = {}) {
    let call = request(app.getHttpServer())
      .post('/v1/sources/cloudtrail')
      .set('content-type', Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json');
    for (const [name, value] of Object.entries(headers)) {
      call = call.set(name, value);
    }
    return call.send(body);
  }

  it('publishes the events of a log file and reports skipped and unmapped records', async () => {
    const before = await topicMessageCount();

    const response = await post(sampleLogFile(account));

    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      accepted: 4,
      rejected: [],
      skipped: 1,
      unmapped: [{ key: 'codebuild.amazonaws.com:StartBuild', count: 2 }],
    });
    expect(await topicMessageCount()).toBe(before + 4n);
  });

  it('decompresses a body sent with Content-Encoding: gzip', async () => {
    const response = await post(gzipSync(sampleLogFile(account)), { 'content-encoding': 'gzip' });

    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(4);
  });

  it('decompresses a .json.gz file sent without Content-Encoding', async () => {
    const response = await post(gzipSync(sampleLogFile(account)));

    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(4);
  });

  it('accepts NDJSON and rejects broken lines by number', async () => {
    const body = [
      JSON.stringify(kinesisRecord(account)),
      '{"eventID": "cut',
      JSON.stringify(kinesisRecord(account, { userIdentity: undefined })),
    ].join('\n');

    const response = await post(body, { 'content-type': 'application/x-ndjson' });

    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(1);
    expect(response.body.rejected).toEqual([
      { line: 2, field: '(line)', error: expect.stringMatching(/^is not valid JSON/) },
      { line: 3, field: 'userIdentity', error: 'is missing' },
    ]);
  });

  it('rejects a truncated gzip body with 400 and publishes nothing', async () => {
    const before = await topicMessageCount();
    const compressed = gzipSync(sampleLogFile(account));
    const truncated = compressed.subarray(0, Math.floor(compressed.length / 2));

    const response = await post(truncated, { 'content-encoding': 'gzip' });

    expect(response.status).toBe(400);
    expect(response.body.message).toBe(
      `Request body is a truncated gzip stream: it ends after ${truncated.length} bytes, before the gzip trailer; send the complete file`,
    );
    expect(await topicMessageCount()).toBe(before);
  });

  it('rejects a gzip bomb with 413 once it passes the limit decompressed', async () => {
    const bomb = gzipSync(Buffer.alloc(BODY_LIMIT_BYTES * 64, 0x20));
    expect(bomb.length).toBeLessThan(BODY_LIMIT_BYTES);

    const response = await post(bomb, { 'content-encoding': 'gzip' });

    expect(response.status).toBe(413);
    expect(response.body.message).toBe(
      `Decompressed request body is larger than the limit of ${BODY_LIMIT_BYTES} bytes; split it into smaller batches`,
    );
  });

  it('rejects a compressed body over the limit with 413', async () => {
    const noise = Buffer.from(
      Array.from({ length: BODY_LIMIT_BYTES * 2 }, (_, i) => (i * 7919) % 251),
    );

    const response = await post(gzipSync(noise, { level: 0 }), { 'content-encoding': 'gzip' });

    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/^Request body is larger than the limit of 65536 bytes/);
  });

  it('rejects an unsupported Content-Encoding with 415', async () => {
    const response = await post('{"Records": []}', { 'content-encoding': 'br' });

    expect(response.status).toBe(415);
  });

  it('answers 202 with nothing accepted when every record is skipped or unmapped', async () => {
    const body = JSON.stringify({
      Records: [
        kinesisRecord(account, {
          eventSource: 'sts.amazonaws.com',
          eventName: 'GetCallerIdentity',
        }),
        kinesisRecord(account, { eventSource: 'glue.amazonaws.com', eventName: 'GetTable' }),
      ],
    });

    const response = await post(body);

    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      accepted: 0,
      rejected: [],
      skipped: 1,
      unmapped: [{ key: 'glue.amazonaws.com:GetTable', count: 1 }],
    });
  });

  it('rejects a body whose every record is invalid with 400', async () => {
    const body = JSON.stringify({ Records: [kinesisRecord(account, { eventTime: 'yesterday' })] });

    const response = await post(body);

    expect(response.status).toBe(400);
    expect(response.body.rejected).toEqual([
      { line: 1, field: 'eventTime', error: expect.stringMatching(/ISO 8601 time with a zone/) },
    ]);
  });

  it('lists the unmapped calls and skipped records this process saw', async () => {
    const response = await request(app.getHttpServer()).get('/v1/sources/cloudtrail/unmapped');

    expect(response.status).toBe(200);
    expect(response.body.unmapped).toEqual([
      {
        key: 'codebuild.amazonaws.com:StartBuild',
        count: 6,
        firstSeen: expect.any(String),
        lastSeen: expect.any(String),
      },
      {
        key: 'glue.amazonaws.com:GetTable',
        count: 1,
        firstSeen: expect.any(String),
        lastSeen: expect.any(String),
      },
    ]);
    expect(response.body.skipped).toEqual([
      { reason: 'no-permission-needed', key: 'sts.amazonaws.com:GetCallerIdentity', count: 4 },
    ]);
    expect(response.body.uncountedRecords).toBe(0);
  });
});
