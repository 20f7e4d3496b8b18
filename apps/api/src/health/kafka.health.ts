import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { logLevel, type Kafka } from 'kafkajs';

import { createKafka } from '../../../../libs/messaging/src/index.js';
import { READINESS_CHECK_TIMEOUT_MS } from './readiness.js';

/** Checks that a Kafka broker responds to an admin describeCluster request. */
@Injectable()
export class KafkaHealthIndicator {
  // Retries and kafkajs logging are off because Terminus reports and logs a failed probe,
  // and the next probe is the retry.
  private readonly kafka: Kafka = createKafka('policy-ledger-api', {
    connectionTimeout: READINESS_CHECK_TIMEOUT_MS,
    requestTimeout: READINESS_CHECK_TIMEOUT_MS,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });

  constructor(private readonly healthIndicators: HealthIndicatorService) {}

  check(key: string) {
    return this.healthIndicators
      .check(key)
      .attempt(async ({ signal }) => {
        const admin = this.kafka.admin();
        const disconnect = () => void admin.disconnect();
        signal.addEventListener('abort', disconnect, { once: true });

        try {
          await admin.connect();
          const cluster = await admin.describeCluster();
          return { brokers: cluster.brokers.length };
        } finally {
          signal.removeEventListener('abort', disconnect);
          await admin.disconnect();
        }
      })
      .withTimeout(READINESS_CHECK_TIMEOUT_MS);
  }
}
