import type { Kafka } from 'kafkajs';

import {
  EVALUATION_EVENTS_DEAD_LETTER_TOPIC,
  EVALUATION_EVENTS_TOPIC,
  INGEST_DEAD_LETTER_TOPIC,
} from '../../contract/src/index.js';

/** Partition count for topics this project creates, from KAFKA_TOPIC_PARTITIONS (default 6). */
export function topicPartitions(): number {
  const partitions = Number(process.env.KAFKA_TOPIC_PARTITIONS ?? 6);
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new Error(
      `KAFKA_TOPIC_PARTITIONS is "${process.env.KAFKA_TOPIC_PARTITIONS}" but must be a positive integer`,
    );
  }

  return partitions;
}

/** Creates the event topic and both dead-letter topics when missing. Existing topics are kept. */
export async function ensureTopics(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();

  try {
    const existing = new Set(await admin.listTopics());
    const missing = [
      EVALUATION_EVENTS_TOPIC,
      EVALUATION_EVENTS_DEAD_LETTER_TOPIC,
      INGEST_DEAD_LETTER_TOPIC,
    ].filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: topicPartitions() })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
