import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';

import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SdkCsmUdpListener } from '../../apps/ingest/src/sources/sdk-csm/sdk-csm-udp.listener.js';
import { randomAccountId } from '../support/accounts.js';
import { testConsumerGroup } from '../support/int-environment.js';
import { topicMessageCount, waitForGroupCaughtUp } from '../support/kafka.js';
import { type Pipeline, readPolicy, startPipeline } from '../support/pipeline.js';

/** Access keys in the fixtures, replaced by random ones so that reruns get new event ids. */
const FIXTURE_USER_KEY = 'AKIAIOSFODNN7EXAMPLE';
const FIXTURE_ROLE_KEY = 'ASIAZ4SDKCSMTESTROLE';

function fixture(name: string): string {
  return readFileSync(
    new URL(`../../libs/sources/test-fixtures/sdk-csm/${name}`, import.meta.url),
    'utf8',
  );
}

function randomKey(prefix: string): string {
  return `${prefix}${randomBytes(8).toString('hex').toUpperCase()}`;
}

interface Statement {
  Action: string | string[];
  Resource: string | string[];
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/** Lists every `action resource` pair a policy document allows. */
function permissions(document: { Statement: Statement[] }): string[] {
  return document.Statement.flatMap((statement) =>
    list(statement.Action).flatMap((action) =>
      list(statement.Resource).map((resource) => `${action} ${resource}`),
    ),
  ).toSorted();
}

async function waitForTopicCount(expected: bigint): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await topicMessageCount()) < expected) {
    if (Date.now() > deadline) {
      throw new Error(`the event topic did not reach ${expected} messages within 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('SDK client-side monitoring to GraphQL', () => {
  const account = randomAccountId();
  const userKey = randomKey('AKIA');
  const roleKey = randomKey('ASIA');
  const user = `arn:aws:iam::${account}:user/csm-cli`;
  const role = `arn:aws:iam::${account}:role/orders`;
  let pipeline: Pipeline;
  let ingest: NestExpressApplication;
  let api: INestApplication;

  beforeAll(async () => {
    process.env.SDK_CSM_UDP = '127.0.0.1:0';
    process.env.SDK_CSM_ACCESS_KEYS = `${userKey}=${user}`;
    pipeline = await startPipeline();
    ({ ingest, api } = pipeline);
  });

  afterAll(async () => {
    delete process.env.SDK_CSM_UDP;
    delete process.env.SDK_CSM_ACCESS_KEYS;
    await pipeline?.close();
  });

  /** Sends the botocore fixture as one datagram per record, as the AWS CLI does. */
  async function sendUserDatagrams(): Promise<void> {
    const lines = fixture('botocore-session.ndjson')
      .replaceAll(FIXTURE_USER_KEY, userKey)
      .replaceAll('111122223333', account)
      .split('\n')
      .filter((line) => line.trim() !== '');
    const { port } = ingest.get(SdkCsmUdpListener).boundAddress()!;
    const socket = createSocket('udp4');

    try {
      for (const line of lines) {
        await new Promise<void>((resolve, reject) =>
          socket.send(line, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
        );
      }
    } finally {
      socket.close();
    }
  }

  it('builds the identity policy of a user from UDP datagrams', async () => {
    const before = await topicMessageCount();

    await sendUserDatagrams();
    await waitForTopicCount(before + 7n);
    await waitForGroupCaughtUp(testConsumerGroup());

    const principal = await readPolicy(api, user, 'IDENTITY');
    expect(principal.kind).toBe('user');
    expect(permissions(principal.policy.document)).toEqual([
      'dynamodb:GetItem *',
      'elasticloadbalancing:DescribeLoadBalancers *',
      'lambda:InvokeFunction *',
      'logs:PutLogEvents *',
      's3:GetObject *',
      's3:ListAllMyBuckets *',
      'sqs:SendMessage *',
    ]);
  });

  it('changes nothing when the same datagrams arrive again', async () => {
    const before = await readPolicy(api, user, 'IDENTITY');
    const count = await topicMessageCount();

    await sendUserDatagrams();
    await waitForTopicCount(count + 7n);
    await waitForGroupCaughtUp(testConsumerGroup());

    expect(await readPolicy(api, user, 'IDENTITY')).toEqual(before);
  });

  it('builds the policy of a role whose key was mapped over HTTP', async () => {
    const session = `arn:aws:sts::${account}:assumed-role/orders/worker-1`;
    const body = fixture('go-sdk-session.ndjson').replaceAll(FIXTURE_ROLE_KEY, roleKey);

    const mapped = await request(ingest.getHttpServer())
      .put(`/v1/sources/sdk-csm/access-keys/${roleKey}`)
      .send({ principalArn: session });
    const posted = await request(ingest.getHttpServer())
      .post('/v1/sources/sdk-csm')
      .set('content-type', 'application/x-ndjson')
      .send(body);
    await waitForGroupCaughtUp(testConsumerGroup());

    expect(mapped.status).toBe(201);
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({ accepted: 3, rejected: [], skipped: 4 });
    const principal = await readPolicy(api, role, 'IDENTITY');
    expect(principal.kind).toBe('role');
    expect(permissions(principal.policy.document)).toEqual([
      'kms:Decrypt *',
      'secretsmanager:GetSecretValue *',
      'sqs:ReceiveMessage *',
    ]);
  });
});
