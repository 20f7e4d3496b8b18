import { randomBytes, randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Consumer } from 'kafkajs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  EVALUATION_EVENTS_TOPIC,
  INGEST_DEAD_LETTER_TOPIC,
  type IamEvaluationEvent,
} from '../../../../../libs/contract/src/index.js';
import { ensureTopics } from '../../../../../libs/messaging/src/index.js';
import { randomAccountId } from '../../../../../test/support/accounts.js';
import {
  fetchTopicOffsets,
  testKafka,
  topicMessageCount,
} from '../../../../../test/support/kafka.js';
import { createIngestApp } from '../../main.js';
import { SdkCsmUdpListener } from './sdk-csm-udp.listener.js';

const WAIT_MS = 20_000;

/** Returns a random access key id, so that reruns against one broker never share event ids. */
function randomAccessKeyId(): string {
  return `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
}

interface CallFields {
  Service: string;
  Api: string;
  Timestamp: number;
  FinalHttpStatusCode?: number;
  FinalAwsException?: string;
}

/** Builds the attempt and the call record that botocore sends for one call. */
function botocoreCall(accessKey: string, fields: CallFields): Array<Record<string, unknown>> {
  const { FinalHttpStatusCode, FinalAwsException, ...common } = fields;
  return [
    {
      Version: 1,
      ClientId: '',
      Type: 'ApiCallAttempt',
      ...common,
      AccessKey: accessKey,
      Region: 'eu-central-1',
      HttpStatusCode: FinalHttpStatusCode ?? 200,
      ...(FinalAwsException === undefined ? {} : { AwsException: FinalAwsException }),
    },
    {
      Version: 1,
      ClientId: '',
      Type: 'ApiCall',
      ...common,
      AttemptCount: 1,
      Region: 'eu-central-1',
      FinalHttpStatusCode: FinalHttpStatusCode ?? 200,
      ...(FinalAwsException === undefined ? {} : { FinalAwsException }),
    },
  ];
}

/** Sends each record as its own datagram from one socket, as the SDKs do. */
async function sendDatagrams(port: number, records: object[]): Promise<void> {
  const socket: Socket = createSocket('udp4');
  try {
    for (const record of records) {
      await new Promise<void>((resolve, reject) =>
        socket.send(JSON.stringify(record), port, '127.0.0.1', (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    }
  } finally {
    socket.close();
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (await condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
}

/** Collects the messages published to the event and ingest dead-letter topics from now on. */
async function collectNewMessages(): Promise<{
  consumer: Consumer;
  events: IamEvaluationEvent[];
  deadLetters: Array<{ source: string; reason: string; raw?: string }>;
}> {
  await ensureTopics(testKafka);
  const admin = testKafka.admin();
  await admin.connect();
  const starts = await Promise.all(
    [EVALUATION_EVENTS_TOPIC, INGEST_DEAD_LETTER_TOPIC].map(async (topic) => ({
      topic,
      offsets: await fetchTopicOffsets(admin, topic),
    })),
  );
  await admin.disconnect();

  // Messages below each partition's end offset at the start are older and are skipped. A seek
  // right after run() can fail before the group is joined, so filtering is used instead.
  const startOffsets = new Map(
    starts.flatMap(({ topic, offsets }) =>
      offsets.map(({ partition, high }) => [`${topic}/${partition}`, BigInt(high)] as const),
    ),
  );
  const events: IamEvaluationEvent[] = [];
  const deadLetters: Array<{ source: string; reason: string; raw?: string }> = [];
  const consumer = testKafka.consumer({ groupId: `sdk-csm-int-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({
    topics: [EVALUATION_EVENTS_TOPIC, INGEST_DEAD_LETTER_TOPIC],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (BigInt(message.offset) < (startOffsets.get(`${topic}/${partition}`) ?? 0n)) {
        return;
      }
      const value = JSON.parse(message.value?.toString() ?? 'null');
      (topic === EVALUATION_EVENTS_TOPIC ? events : deadLetters).push(value);
    },
  });

  return { consumer, events, deadLetters };
}

describe('SDK CSM ingest over UDP and HTTP', () => {
  const account = randomAccountId();
  const userKey = randomAccessKeyId();
  const user = `arn:aws:iam::${account}:user/csm-int`;
  let app: NestExpressApplication;
  let port: number;
  let collected: Awaited<ReturnType<typeof collectNewMessages>>;
  const ofAccount = () => collected.events.filter((event) => event.request.account === account);

  beforeAll(async () => {
    collected = await collectNewMessages();
    process.env.SDK_CSM_UDP = '127.0.0.1:0';
    process.env.SDK_CSM_ACCESS_KEYS = `${userKey}=${user}`;
    app = await createIngestApp();
    await app.init();
    port = app.get(SdkCsmUdpListener).boundAddress()!.port;
  });

  afterAll(async () => {
    delete process.env.SDK_CSM_UDP;
    delete process.env.SDK_CSM_ACCESS_KEYS;
    await app?.close();
    await collected?.consumer.disconnect();
  });

  it('publishes the ApiCall datagrams it receives', async () => {
    const records = [
      ...botocoreCall(userKey, { Service: 'S3', Api: 'ListObjectsV2', Timestamp: 1796119200000 }),
      ...botocoreCall(userKey, {
        Service: 'CloudWatch Logs',
        Api: 'PutLogEvents',
        Timestamp: 1796119201000,
      }),
      ...botocoreCall(userKey, {
        Service: 'DynamoDB',
        Api: 'PutItem',
        Timestamp: 1796119202000,
        FinalHttpStatusCode: 400,
        FinalAwsException: 'AccessDeniedException',
      }),
    ];

    await sendDatagrams(port, records);
    await waitFor(() => ofAccount().length >= 3, 'three events in Kafka');

    const events = ofAccount().toSorted((left, right) => left.time.localeCompare(right.time));
    expect(events.map((event) => [event.action, event.decision])).toEqual([
      ['s3:ListBucket', 'allow'],
      ['logs:PutLogEvents', 'allow'],
      ['dynamodb:PutItem', 'implicit-deny'],
    ]);
    for (const event of events) {
      expect(event.source).toBe('sdk-csm');
      expect(event.principal).toEqual({ arn: user, kind: 'user' });
      expect(event.resource).toBe('*');
    }
  });

  it('dead-letters a datagram of an unknown key', async () => {
    const unknownKey = randomAccessKeyId();
    const eventsBefore = await topicMessageCount();
    const [, call] = botocoreCall(unknownKey, {
      Service: 'SQS',
      Api: 'SendMessage',
      Timestamp: 1796119203000,
    });

    await sendDatagrams(port, [
      { ...call, AccessKey: unknownKey, SessionToken: 'FwoGZXIvYXdzEXAMPLE' },
    ]);
    await waitFor(
      () => collected.deadLetters.some((letter) => letter.raw?.includes(unknownKey) === true),
      'a dead letter',
    );

    const letter = collected.deadLetters.find((item) => item.raw?.includes(unknownKey))!;
    expect(letter.source).toBe('sdk-csm');
    expect(letter.reason).toMatch(
      new RegExp(`^AccessKey \\*\\*\\*\\*${unknownKey.slice(-4)} is not mapped to a principal`),
    );
    expect(letter.reason).not.toContain(unknownKey);
    expect(letter.raw).not.toContain('FwoGZXIvYXdzEXAMPLE');
    expect(await topicMessageCount()).toBe(eventsBefore);
  });

  it('accepts NDJSON over HTTP and reports skipped and unmapped records', async () => {
    const body = [
      ...botocoreCall(userKey, { Service: 'SQS', Api: 'ReceiveMessage', Timestamp: 1796119204000 }),
      ...botocoreCall(userKey, {
        Service: 'API Gateway',
        Api: 'GetRestApis',
        Timestamp: 1796119205000,
      }),
    ]
      .map((record) => JSON.stringify(record))
      .join('\n');

    const response = await request(app.getHttpServer())
      .post('/v1/sources/sdk-csm')
      .set('content-type', 'application/x-ndjson')
      .send(body);

    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      accepted: 1,
      rejected: [],
      skipped: 2,
      unmapped: [{ key: 'API Gateway:GetRestApis', count: 1 }],
    });
    await waitFor(
      () => ofAccount().some((event) => event.action === 'sqs:ReceiveMessage'),
      'sqs:ReceiveMessage in Kafka',
    );
  });

  it('rejects a body of unknown keys with 400', async () => {
    const unknownKey = randomAccessKeyId();
    const [, call] = botocoreCall(unknownKey, { Service: 'S3', Api: 'GetObject', Timestamp: 1 });

    const response = await request(app.getHttpServer())
      .post('/v1/sources/sdk-csm')
      .send(JSON.stringify({ ...call, AccessKey: unknownKey }));

    expect(response.status).toBe(400);
    expect(response.body.rejected).toEqual([
      {
        line: 1,
        field: 'AccessKey',
        error: expect.stringMatching(/is not mapped to a principal\. Map it with/),
      },
    ]);
  });

  it('maps an access key over HTTP', async () => {
    const roleKey = randomAccessKeyId();
    const session = `arn:aws:sts::${account}:assumed-role/csm-worker/session-1`;
    const path = `/v1/sources/sdk-csm/access-keys/${roleKey}`;

    const created = await request(app.getHttpServer()).put(path).send({ principalArn: session });
    const replaced = await request(app.getHttpServer()).put(path).send({ principalArn: session });
    const [, call] = botocoreCall(roleKey, {
      Service: 'KMS',
      Api: 'Decrypt',
      Timestamp: 1796119206000,
    });
    const posted = await request(app.getHttpServer())
      .post('/v1/sources/sdk-csm')
      .send(JSON.stringify({ ...call, AccessKey: roleKey }));

    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      accessKeyId: `****${roleKey.slice(-4)}`,
      principalArn: session,
    });
    expect(replaced.status).toBe(200);
    expect(posted.status).toBe(202);
    expect(posted.body.accepted).toBe(1);
    await waitFor(
      () => ofAccount().some((event) => event.action === 'kms:Decrypt'),
      'kms:Decrypt in Kafka',
    );
    const event = ofAccount().find((item) => item.action === 'kms:Decrypt')!;
    expect(event.principal).toEqual({
      arn: `arn:aws:iam::${account}:role/csm-worker`,
      kind: 'role',
      sessionArn: session,
    });
  });

  const badMappings: Array<{ name: string; key: string; body: string; message: RegExp }> = [
    {
      name: 'group ARN',
      key: 'AKIASDKCSMTEST000002',
      body: JSON.stringify({ principalArn: 'arn:aws:iam::123456789012:group/admins' }),
      message: /IAM user, an IAM role/,
    },
    {
      name: 'missing principalArn',
      key: 'AKIASDKCSMTEST000002',
      body: '{}',
      message: /principalArn is missing/,
    },
    {
      name: 'body that is not JSON',
      key: 'AKIASDKCSMTEST000002',
      body: 'arn',
      message: /not valid JSON/,
    },
    {
      name: 'invalid key id',
      key: 'AKIA-SDK',
      body: JSON.stringify({ principalArn: 'arn:aws:iam::123456789012:user/x' }),
      message: /access key id must be/,
    },
  ];

  it.each(badMappings)('rejects a mapping with $name', async ({ key, body, message }) => {
    const response = await request(app.getHttpServer())
      .put(`/v1/sources/sdk-csm/access-keys/${key}`)
      .set('content-type', 'application/json')
      .send(body);

    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
  });
});

describe('SDK CSM UDP listener lifecycle', () => {
  afterAll(() => {
    delete process.env.SDK_CSM_UDP;
    delete process.env.SDK_CSM_ACCESS_KEYS;
  });

  it('ingests buffered datagrams when the app closes', async () => {
    const account = randomAccountId();
    const key = randomAccessKeyId();
    process.env.SDK_CSM_UDP = '127.0.0.1:0';
    process.env.SDK_CSM_ACCESS_KEYS = `${key}=arn:aws:iam::${account}:user/closing`;
    const app = await createIngestApp();
    await app.init();
    const { port } = app.get(SdkCsmUdpListener).boundAddress()!;
    const before = await topicMessageCount();

    await sendDatagrams(
      port,
      botocoreCall(key, { Service: 'SNS', Api: 'Publish', Timestamp: 1796119207000 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await app.close();

    expect(await topicMessageCount()).toBe(before + 1n);
  });

  it('listens on nothing with SDK_CSM_UDP=off', async () => {
    process.env.SDK_CSM_UDP = 'off';
    const app = await createIngestApp();
    await app.init();

    expect(app.get(SdkCsmUdpListener).boundAddress()).toBeUndefined();
    await app.close();
  });

  it('keeps serving HTTP when the UDP port is taken', async () => {
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', resolve));
    process.env.SDK_CSM_UDP = `127.0.0.1:${holder.address().port}`;
    const app = await createIngestApp();

    try {
      await app.init();
      const response = await request(app.getHttpServer()).get('/health/live');

      expect(app.get(SdkCsmUdpListener).boundAddress()).toBeUndefined();
      expect(response.status).toBe(200);
    } finally {
      await app.close();
      holder.close();
    }
  });
});
