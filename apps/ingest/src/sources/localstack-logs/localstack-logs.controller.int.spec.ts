import { readFileSync } from 'node:fs';

import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { randomAccountId } from '../../../../../test/support/accounts.js';
import { topicMessageCount } from '../../../../../test/support/kafka.js';
import { createIngestApp } from '../../main.js';

const FIXTURE_ACCOUNT = '314159265358';
const PATH = '/v1/sources/localstack/logs';

function fixture(name: string, account: string): string {
  return readFileSync(
    new URL(`../../../../../libs/sources/test-fixtures/localstack/${name}`, import.meta.url),
    'utf8',
  ).replaceAll(FIXTURE_ACCOUNT, account);
}

describe('POST /v1/sources/localstack/logs', () => {
  const account = randomAccountId();
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createIngestApp();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  function post(body: string, query = '') {
    return request(app.getHttpServer())
      .post(`${PATH}${query}`)
      .set('content-type', 'text/plain')
      .send(body);
  }

  it('publishes one event per evaluated permission', async () => {
    const before = await topicMessageCount();

    const response = await post(fixture('request-with-principal.log', account));

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: 5, rejected: [] });
    expect(await topicMessageCount()).toBe(before + 5n);
  });

  it('reports cut-off lines and skipped lines beside accepted events', async () => {
    const before = await topicMessageCount();
    const unrelated = fixture('unrelated-lines.log', account);
    const body = `${unrelated}${fixture('cut-and-malformed.log', account)}`;
    const firstCutLine = unrelated.split('\n').length - 1 + 2;

    const response = await post(body);

    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(2);
    expect(response.body.skipped).toBe(12);
    expect(response.body.rejected).toHaveLength(12);
    expect(response.body.rejected[0]).toEqual({
      line: firstCutLine,
      field: '(line)',
      error: 'is cut off: the permission list does not end with "]"',
    });
    expect(await topicMessageCount()).toBe(before + 2n);
  });

  it('attributes 2022 records to the principal in the query', async () => {
    const before = await topicMessageCount();
    const principal = `arn:aws:iam::${account}:role/ledger-worker`;

    const response = await post(
      fixture('no-principal-2022.log', account),
      `?principal=${encodeURIComponent(principal)}`,
    );

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: 2, rejected: [] });
    expect(await topicMessageCount()).toBe(before + 2n);
  });

  it('rejects 2022 records without a principal with 400', async () => {
    const before = await topicMessageCount();

    const response = await post(fixture('no-principal-2022.log', account));

    expect(response.status).toBe(400);
    expect(response.body.rejected).toEqual([
      { line: 1, field: 'principal', error: expect.stringMatching(/\?principal=<ARN>/) },
      { line: 6, field: 'principal', error: expect.stringMatching(/is missing/) },
    ]);
    expect(await topicMessageCount()).toBe(before);
  });

  it('rejects a query principal that is no ARN with 400', async () => {
    const response = await post(fixture('no-principal-2022.log', account), '?principal=worker');

    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^Query parameter principal is "worker" but must be/);
  });

  it('accepts a body of unrelated lines as skipped', async () => {
    const before = await topicMessageCount();

    const response = await post('LocalStack version: 4.0.3\nReady.\n');

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: 0, rejected: [], skipped: 2 });
    expect(await topicMessageCount()).toBe(before);
  });

  it('rejects an empty body with 400', async () => {
    const response = await post('\n\n');

    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/contains no log lines/);
  });

  it('publishes nothing in strict mode when a record is rejected', async () => {
    const before = await topicMessageCount();

    const response = await post(fixture('cut-and-malformed.log', account), '?strict=true');

    expect(response.status).toBe(400);
    expect(response.body.accepted).toBe(0);
    expect(response.body.rejected).toHaveLength(12);
    expect(await topicMessageCount()).toBe(before);
  });
});
