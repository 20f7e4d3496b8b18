import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';

import {
  DEAD_LETTER_REASON_HEADER,
  EVALUATION_EVENTS_DEAD_LETTER_TOPIC,
  EVENT_SCHEMA_VERSION,
  SCHEMA_VERSION_HEADER,
  validateEvaluationEvent,
} from '../../../../libs/contract/src/index.js';
import { ensureTopics } from '../../../../libs/messaging/src/index.js';
import type { ConsumedEvent } from '../../../../libs/persistence/src/index.js';

/**
 * Payload of the `@EventPattern(topic)` handler: the decodable events of one batch, and a
 * heartbeat to call between long steps so the group coordinator keeps the consumer as a member.
 */
export interface EventBatch {
  topic: string;
  partition: number;
  events: ConsumedEvent[];
  heartbeat: () => Promise<void>;
}

/**
 * Session timeout of the consumer group membership. A batch whose policies have thousands of
 * permissions can take tens of seconds to fold, so heartbeats between transactions and this
 * margin keep the member in the group meanwhile.
 */
const SESSION_TIMEOUT_MS = 60_000;

/** Wait before the consumer is started again after a crash kafkajs does not restart itself. */
const RESTART_DELAY_MS = 5_000;

export class KafkaBatchContext extends BaseRpcContext<[EventBatch]> {}

export interface KafkaBatchServerOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
}

/**
 * A @nestjs/microservices transport that consumes with kafkajs `eachBatch`, so a handler can
 * write a batch with a few set-based queries instead of one round trip per message. Offsets are committed only after the
 * handler resolved, and messages that cannot be decoded go to the dead-letter topic and are
 * committed so they never block their partition.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaBatchServer.name);
  private consumer: Consumer | undefined;
  private deadLetterProducer: Producer | undefined;

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
    await this.deadLetterProducer?.disconnect();
    this.consumer = undefined;
    this.deadLetterProducer = undefined;
  }

  on(): never {
    throw new Error('KafkaBatchServer does not support event listeners');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const { kafka, groupId, topic } = this.options;
    await ensureTopics(kafka);

    this.deadLetterProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.deadLetterProducer.connect();

    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: SESSION_TIMEOUT_MS,
      rebalanceTimeout: 2 * SESSION_TIMEOUT_MS,
    });
    const consumer = this.consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.error({ err: payload.error, restart: payload.restart }, 'Kafka consumer crashed');
      // kafkajs restarts the consumer after retriable errors only. Any other crash would leave
      // the aggregator running but consuming nothing, so the consumer is started again here.
      if (!payload.restart && this.consumer === consumer) {
        setTimeout(() => void this.restart(consumer), RESTART_DELAY_MS);
      }
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.logger.log({ groupId, topic }, 'Consuming');
  }

  private async restart(crashed: Consumer): Promise<void> {
    if (this.consumer !== crashed) {
      return;
    }

    this.logger.warn(
      { groupId: this.options.groupId },
      'Restarting the Kafka consumer after a crash',
    );
    try {
      await crashed.disconnect();
      await this.deadLetterProducer?.disconnect();
      this.consumer = undefined;
      await this.start();
    } catch (error) {
      this.logger.error({ err: error }, 'Could not restart the Kafka consumer; retrying');
      setTimeout(() => void this.restart(this.consumer ?? crashed), RESTART_DELAY_MS);
    }
  }

  private async handleBatch({
    batch,
    heartbeat,
    isRunning,
    isStale,
    resolveOffset,
  }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) {
      return;
    }

    const events: ConsumedEvent[] = [];
    for (const message of batch.messages) {
      const decoded = decode(message);
      if (decoded.ok) {
        events.push({ event: decoded.event, partition: batch.partition, offset: message.offset });
      } else {
        await this.sendToDeadLetterTopic(batch.topic, batch.partition, message, decoded.reason);
      }
    }

    if (events.length > 0) {
      const handler = this.getHandlerByPattern(batch.topic);
      if (handler === null) {
        throw new Error(`No handler is registered for topic ${batch.topic}`);
      }

      const data: EventBatch = {
        topic: batch.topic,
        partition: batch.partition,
        events,
        heartbeat,
      };
      const result = await handler(data, new KafkaBatchContext([data]));
      if (isObservable(result)) {
        await lastValueFrom(result, { defaultValue: undefined });
      }
    }

    // The handler's transaction has committed, so the batch may now be marked as consumed.
    resolveOffset(batch.lastOffset());
    await this.consumer!.commitOffsets([
      {
        topic: batch.topic,
        partition: batch.partition,
        offset: (BigInt(batch.lastOffset()) + 1n).toString(),
      },
    ]);
    await heartbeat();
  }

  private async sendToDeadLetterTopic(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
  ): Promise<void> {
    this.logger.warn(
      { topic, partition, offset: message.offset, reason },
      'Dead-lettered a message',
    );
    await this.deadLetterProducer!.send({
      topic: EVALUATION_EVENTS_DEAD_LETTER_TOPIC,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [DEAD_LETTER_REASON_HEADER]: reason,
            'policy-ledger-source-topic': topic,
            'policy-ledger-source-partition': String(partition),
            'policy-ledger-source-offset': message.offset,
            'policy-ledger-consumer-group': this.options.groupId,
          },
        },
      ],
    });
  }
}

type DecodeResult = { ok: true; event: ConsumedEvent['event'] } | { ok: false; reason: string };

function decode(message: KafkaMessage): DecodeResult {
  const version = message.headers?.[SCHEMA_VERSION_HEADER]?.toString();
  if (version !== String(EVENT_SCHEMA_VERSION)) {
    return {
      ok: false,
      reason: `header ${SCHEMA_VERSION_HEADER} is ${version === undefined ? 'missing' : `"${version}"`} but must be "${EVENT_SCHEMA_VERSION}"`,
    };
  }
  if (message.value === null) {
    return { ok: false, reason: 'message value is empty' };
  }

  let value: unknown;
  try {
    value = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `message value is not valid JSON: ${(error as Error).message}` };
  }

  const validation = validateEvaluationEvent(value);
  if (!validation.ok) {
    return {
      ok: false,
      reason: validation.errors.map((error) => `${error.field} ${error.error}`).join('; '),
    };
  }

  return { ok: true, event: validation.event };
}
