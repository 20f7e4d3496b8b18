import type { Admin, Kafka } from 'kafkajs';

import { EVALUATION_EVENTS_TOPIC } from '../../libs/contract/src/index.js';
import { createKafka, ensureTopics } from '../../libs/messaging/src/index.js';

export const testKafka: Kafka = createKafka('policy-ledger-tests');

/** Sum of the topic's high watermarks: grows by one for every message Kafka accepted. */
export async function topicMessageCount(topic: string = EVALUATION_EVENTS_TOPIC): Promise<bigint> {
  await ensureTopics(testKafka);
  const admin = testKafka.admin();
  await admin.connect();

  try {
    const offsets = await fetchTopicOffsets(admin, topic);
    return offsets.reduce((total, partition) => total + BigInt(partition.high), 0n);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until consumer group `groupId` has committed every message now in the topic, which
 * means the aggregator's transactions for all of them have committed.
 */
export async function waitForGroupCaughtUp(
  groupId: string,
  topic: string = EVALUATION_EVENTS_TOPIC,
  timeoutMs = 60_000,
): Promise<void> {
  const admin = testKafka.admin();
  await admin.connect();

  try {
    const ends = await fetchTopicOffsets(admin, topic);
    const deadline = Date.now() + timeoutMs;

    while (Date.now() < deadline) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const lagging = ends.filter((end) => {
        const partition = committed?.partitions.find((item) => item.partition === end.partition);
        const offset =
          partition === undefined || partition.offset === '-1' ? 0n : BigInt(partition.offset);
        return offset < BigInt(end.high);
      });
      if (lagging.length === 0) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    throw new Error(
      `consumer group ${groupId} did not catch up with ${topic} within ${timeoutMs} ms`,
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Fetches a topic's offsets, retrying the errors a broker gives while it still elects leaders
 * for a topic created a moment ago ("This server is not the leader for that topic-partition").
 */
export async function fetchTopicOffsets(
  admin: Admin,
  topic: string,
): ReturnType<Admin['fetchTopicOffsets']> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (attempt >= 20 || (error as { retriable?: boolean }).retriable !== true) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
