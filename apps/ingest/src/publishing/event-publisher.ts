import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';

import {
  EVALUATION_EVENTS_TOPIC,
  EVENT_SCHEMA_VERSION,
  INGEST_DEAD_LETTER_TOPIC,
  SCHEMA_VERSION_HEADER,
  type IamEvaluationEvent,
} from '../../../../libs/contract/src/index.js';
import { createKafka, ensureTopics } from '../../../../libs/messaging/src/index.js';

/** Kafka did not acknowledge a batch; nothing in it may be reported as accepted. */
export class KafkaUnavailableError extends Error {
  readonly code = 'KAFKA_UNAVAILABLE';
}

export function isKafkaUnavailableError(error: unknown): error is KafkaUnavailableError {
  return error instanceof KafkaUnavailableError;
}

/** A record ingest could not read, as written to the ingest dead-letter topic. */
export interface DeadLetterRecord {
  line: number;
  reason: string;
  raw?: string;
}

/**
 * Bytes of message values per produce request. Kafka rejects a record batch over its
 * `message.max.bytes` (1 MiB by default) and kafkajs sends one batch per partition per request,
 * so requests stay well below that.
 */
const MAX_BYTES_PER_SEND = 256 * 1024;

/**
 * Publishes canonical events to Kafka with an idempotent producer that waits for every
 * in-sync replica, keyed by `attachTo` so one policy's events stay in one partition.
 */
@Injectable()
export class EventPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(EventPublisher.name);
  readonly kafka: Kafka = createKafka('policy-ledger-ingest', {
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
  private readonly producer: Producer = this.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  private connection: Promise<void> | undefined;

  async publish(events: IamEvaluationEvent[]): Promise<void> {
    if (events.length === 0) {
      return;
    }

    try {
      await this.connect();
      for (const messages of chunkBySize(events.map(toMessage), MAX_BYTES_PER_SEND)) {
        await this.producer.send({
          topic: EVALUATION_EVENTS_TOPIC,
          acks: -1,
          compression: CompressionTypes.None,
          messages,
        });
      }
    } catch (error) {
      this.connection = undefined;
      this.logger.error({ err: error, events: events.length }, 'Kafka did not acknowledge a batch');
      throw new KafkaUnavailableError((error as Error).message);
    }
  }

  /**
   * Sends records that could not be read to the ingest dead-letter topic, keyed by source.
   * Failures are logged and not raised: the client already gets the rejection in its response.
   */
  async publishDeadLetters(source: string, records: DeadLetterRecord[]): Promise<void> {
    if (records.length === 0) {
      return;
    }

    try {
      await this.connect();
      await this.producer.send({
        topic: INGEST_DEAD_LETTER_TOPIC,
        acks: -1,
        messages: records.map((record) => ({
          key: source,
          value: JSON.stringify({ source, ...record, receivedAt: new Date().toISOString() }),
        })),
      });
    } catch (error) {
      this.connection = undefined;
      this.logger.error(
        { err: error, source, records: records.length },
        'Could not publish dead letters',
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.connection !== undefined) {
      await this.producer.disconnect();
    }
  }

  /** Connects once and creates missing topics; a failed attempt is retried on the next call. */
  private connect(): Promise<void> {
    this.connection ??= (async () => {
      await ensureTopics(this.kafka);
      await this.producer.connect();
      this.logger.log('Connected to Kafka');
    })();

    return this.connection;
  }
}

interface EventMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

function toMessage(event: IamEvaluationEvent): EventMessage {
  return {
    key: event.attachTo,
    value: JSON.stringify(event),
    headers: { [SCHEMA_VERSION_HEADER]: String(EVENT_SCHEMA_VERSION) },
  };
}

/** Splits messages into runs whose keys and values add up to at most `maxBytes` each. */
export function chunkBySize(messages: EventMessage[], maxBytes: number): EventMessage[][] {
  const chunks: EventMessage[][] = [];
  let current: EventMessage[] = [];
  let size = 0;

  for (const message of messages) {
    const messageSize = Buffer.byteLength(message.value) + Buffer.byteLength(message.key);
    if (current.length > 0 && size + messageSize > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += messageSize;
  }
  if (current.length > 0) {
    chunks.push(current);
  }

  return chunks;
}
