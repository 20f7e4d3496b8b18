import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { logLevel, type Kafka } from 'kafkajs';

import { createKafka } from '../../../messaging/src/index.js';
import { KAFKA_HEALTH_CLIENT, READINESS_CHECK_TIMEOUT_MS } from './readiness.js';

/**
 * Creates the kafkajs client of the Kafka check for the brokers in KAFKA_BROKERS. Retries and
 * kafkajs logging are off because Terminus reports and logs a failed check, and the next
 * probe is the retry.
 */
export function createKafkaHealthClient(): Kafka {
  return createKafka('policy-ledger-health', {
    connectionTimeout: READINESS_CHECK_TIMEOUT_MS,
    requestTimeout: READINESS_CHECK_TIMEOUT_MS,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
}

/** Checks that a Kafka broker accepts an admin connection and responds to describeCluster. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly healthIndicators: HealthIndicatorService,
    @Inject(KAFKA_HEALTH_CLIENT) private readonly kafka: Kafka,
  ) {}

  check(key = 'kafka') {
    return this.healthIndicators
      .check(key)
      .attempt(async ({ signal }) => {
        const admin = this.kafka.admin({ retry: { retries: 0 } });

        try {
          await admin.connect();
          // NOTE: In kafkajs 2.2.4, admin.disconnect() cancels neither a pending connect nor an
          // in-flight request, so the timeout can only skip the steps that have not started. The
          // client's connectionTimeout and requestTimeout bound how long the socket stays open.
          signal.throwIfAborted();
          const cluster = await admin.describeCluster();
          return { brokers: cluster.brokers.length };
        } finally {
          await admin.disconnect();
        }
      })
      .withTimeout(READINESS_CHECK_TIMEOUT_MS);
  }
}
