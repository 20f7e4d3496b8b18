import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import type { Consumer, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  DEAD_LETTER_REASON_HEADER,
  EVALUATION_EVENTS_DEAD_LETTER_TOPIC,
  EVALUATION_EVENTS_TOPIC,
  EVENT_SCHEMA_VERSION,
  SCHEMA_VERSION_HEADER,
  type IamEvaluationEvent,
} from '../../../libs/contract/src/index.js';
import { createPrismaClient, type PrismaClient } from '../../../libs/persistence/src/index.js';
import { randomAccountId } from '../../../test/support/accounts.js';
import { testKafka, waitForGroupCaughtUp } from '../../../test/support/kafka.js';
import { FoldService } from './folding/fold.service.js';
import { createAggregatorApp } from './main.js';

function event(
  account: string,
  action: string,
  resource: string,
  id = randomUUID(),
): IamEvaluationEvent {
  const role = `arn:aws:iam::${account}:role/worker`;
  return {
    id,
    time: '2026-12-01T10:00:00.000Z',
    source: 'canonical',
    principal: { arn: role, kind: 'role' },
    policyType: 'identity',
    attachTo: role,
    action,
    resource,
    decision: 'allow',
    request: { service: action.split(':')[0]!, operation: 'Test', account },
  };
}

async function publish(
  producer: Producer,
  messages: Array<{ key: string; value: string; version?: string }>,
) {
  await producer.send({
    topic: EVALUATION_EVENTS_TOPIC,
    acks: -1,
    messages: messages.map(({ key, value, version }) => ({
      key,
      value,
      headers: version === undefined ? {} : { [SCHEMA_VERSION_HEADER]: version },
    })),
  });
}

const schemaVersion = String(EVENT_SCHEMA_VERSION);

describe('aggregator', () => {
  const groupId = `policy-ledger-aggregator-test-${randomUUID()}`;
  let app: INestApplication;
  let prisma: PrismaClient;
  let producer: Producer;
  let deadLetters: Consumer;
  const deadLetterMessages: Array<{ key: string; value: string; reason: string; group: string }> =
    [];

  const sharedGroupId = process.env.KAFKA_GROUP_ID;

  beforeAll(async () => {
    process.env.KAFKA_GROUP_ID = groupId;
    app = await createAggregatorApp();
    await app.startAllMicroservices();
    await app.init();
    prisma = createPrismaClient();
    producer = testKafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();

    deadLetters = testKafka.consumer({ groupId: `${groupId}-dead-letters` });
    await deadLetters.connect();
    await deadLetters.subscribe({
      topic: EVALUATION_EVENTS_DEAD_LETTER_TOPIC,
      fromBeginning: true,
    });
    await deadLetters.run({
      eachMessage: async ({ message }) => {
        deadLetterMessages.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          reason: message.headers?.[DEAD_LETTER_REASON_HEADER]?.toString() ?? '',
          group: message.headers?.['policy-ledger-consumer-group']?.toString() ?? '',
        });
      },
    });
  });

  afterAll(async () => {
    process.env.KAFKA_GROUP_ID = sharedGroupId;
    await deadLetters?.disconnect();
    await producer?.disconnect();
    await prisma?.$disconnect();
    await app?.close();
  });

  it('dead-letters undecodable messages and still folds the rest of the partition', async () => {
    const account = randomAccountId();
    const role = `arn:aws:iam::${account}:role/worker`;
    const valid = event(account, 's3:GetObject', `arn:aws:s3:::bucket-${account}/a`);

    await publish(producer, [
      { key: role, value: '{"id": "cut in half', version: schemaVersion },
      { key: role, value: JSON.stringify({ ...valid, id: `${account}-v2` }), version: '2' },
      {
        key: role,
        value: JSON.stringify({ ...valid, id: `${account}-bad`, decision: 'perhaps' }),
        version: schemaVersion,
      },
      { key: role, value: JSON.stringify(valid), version: schemaVersion },
    ]);
    await waitForGroupCaughtUp(groupId);

    const policy = await prisma.policy.findUnique({
      where: { attachTo_policyType: { attachTo: role, policyType: 'identity' } },
    });
    expect(policy?.latestVersion).toBe(1);
    expect(policy?.eventCount).toBe(1);

    await vi.waitFor(
      () =>
        expect(
          deadLetterMessages.filter((message) => message.key === role && message.group === groupId),
        ).toHaveLength(3),
      {
        timeout: 30_000,
      },
    );
    const reasons = deadLetterMessages
      .filter((message) => message.key === role && message.group === groupId)
      .map((message) => message.reason);
    expect(reasons[0]).toMatch(/not valid JSON/);
    expect(reasons[1]).toMatch(new RegExp(`${SCHEMA_VERSION_HEADER} is "2" but must be "1"`));
    expect(reasons[2]).toMatch(/^decision /);
  });

  it('stores a redelivered event once after a crash before the offset commit', async () => {
    const account = randomAccountId();
    const role = `arn:aws:iam::${account}:role/worker`;
    const foldService = app.get(FoldService);
    const foldBatch = foldService.foldBatch.bind(foldService);
    let crashes = 0;
    const spy = vi.spyOn(foldService, 'foldBatch').mockImplementation(async (consumed) => {
      const summary = await foldBatch(consumed);
      if (crashes === 0 && consumed.some(({ event }) => event.attachTo === role)) {
        crashes += 1;
        throw new Error('simulated crash after the transaction committed');
      }
      return summary;
    });

    const events = [
      event(account, 's3:GetObject', `arn:aws:s3:::bucket-${account}/a`),
      event(account, 's3:GetObject', `arn:aws:s3:::bucket-${account}/a`),
      event(account, 's3:PutObject', `arn:aws:s3:::bucket-${account}/a`),
    ];
    try {
      await publish(
        producer,
        events.map((item) => ({ key: role, value: JSON.stringify(item), version: schemaVersion })),
      );
      await waitForGroupCaughtUp(groupId);
    } finally {
      spy.mockRestore();
    }

    expect(crashes).toBe(1);
    const policy = await prisma.policy.findUnique({
      where: { attachTo_policyType: { attachTo: role, policyType: 'identity' } },
    });
    expect(policy?.eventCount).toBe(3);
    expect(policy?.latestVersion).toBe(2);
    expect(await prisma.evaluationEvent.count({ where: { attachTo: role } })).toBe(3);
    expect(await prisma.policyVersion.count({ where: { attachTo: role } })).toBe(2);
    const getObject = await prisma.permission.findFirst({
      where: { attachTo: role, action: 's3:GetObject' },
    });
    expect(getObject?.eventCount).toBe(2);
  });

  it('folds the same events in any order into the same document', async () => {
    const account = randomAccountId();
    const role = `arn:aws:iam::${account}:role/worker`;
    const events = [
      event(account, 's3:GetObject', `arn:aws:s3:::bucket-${account}/a`),
      event(account, 's3:GetObject', `arn:aws:s3:::bucket-${account}/b`),
      event(account, 's3:PutObject', `arn:aws:s3:::bucket-${account}/a`),
      event(account, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${account}:jobs`),
    ];
    const foldService = app.get(FoldService);

    const forward = events.map((item) => ({ event: item, partition: 0, offset: '0' }));
    await foldService.foldBatch(forward.slice(0, 2));
    await foldService.foldBatch(forward.slice(2));
    const first = await prisma.policy.findUnique({
      where: { attachTo_policyType: { attachTo: role, policyType: 'identity' } },
    });

    const otherRole = `arn:aws:iam::${account}:role/other`;
    const reversed = events
      .map((item) => ({
        ...item,
        id: `${item.id}-other`,
        attachTo: otherRole,
        principal: { arn: otherRole, kind: 'role' as const },
      }))
      .reverse()
      .map((item) => ({ event: item, partition: 0, offset: '0' }));
    await foldService.foldBatch([...reversed, ...reversed]);
    const second = await prisma.policy.findUnique({
      where: { attachTo_policyType: { attachTo: otherRole, policyType: 'identity' } },
    });

    expect(second?.document).toEqual(first?.document);
    expect(second?.latestVersion).toBe(4);
    expect(second?.eventCount).toBe(4);
  });

  it('folds a batch larger than one transaction', async () => {
    const account = randomAccountId();
    const role = `arn:aws:iam::${account}:role/worker`;
    const events = Array.from({ length: 600 }, (_, index) =>
      event(account, 's3:GetObject', `arn:aws:s3:::bucket-${account}/${index}`),
    );
    const foldService = app.get(FoldService);

    const summary = await foldService.foldBatch(
      [...events, ...events].map((item) => ({ event: item, partition: 0, offset: '0' })),
    );

    expect(summary).toEqual({ stored: 600, duplicates: 600, newVersions: 600 });
    const policy = await prisma.policy.findUnique({
      where: { attachTo_policyType: { attachTo: role, policyType: 'identity' } },
    });
    expect(policy?.latestVersion).toBe(600);
    expect(await prisma.policyVersion.count({ where: { attachTo: role } })).toBe(600);
  });
});
