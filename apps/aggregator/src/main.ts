import 'reflect-metadata';
import { pathToFileURL } from 'node:url';

import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

import { EVALUATION_EVENTS_TOPIC } from '../../../libs/contract/src/index.js';
import { createKafka } from '../../../libs/messaging/src/index.js';
import { httpPort } from '../../../libs/platform/src/index.js';
import { AggregatorModule } from './aggregator.module.js';
import { KafkaBatchServer } from './transport/kafka-batch.server.js';

export const DEFAULT_AGGREGATOR_PORT = 3200;
export const DEFAULT_CONSUMER_GROUP = 'policy-ledger-aggregator';

/**
 * Creates the aggregator: a Kafka consumer in group KAFKA_GROUP_ID (default
 * policy-ledger-aggregator) plus an HTTP server for health checks.
 */
export async function createAggregatorApp(): Promise<INestApplication> {
  const app = await NestFactory.create(AggregatorModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.connectMicroservice(
    {
      strategy: new KafkaBatchServer({
        kafka: createKafka('policy-ledger-aggregator'),
        groupId: process.env.KAFKA_GROUP_ID ?? DEFAULT_CONSUMER_GROUP,
        topic: EVALUATION_EVENTS_TOPIC,
      }),
    },
    { inheritAppConfig: true },
  );

  return app;
}

async function bootstrap(): Promise<void> {
  const app = await createAggregatorApp();
  await app.startAllMicroservices();
  await app.listen(httpPort(DEFAULT_AGGREGATOR_PORT), process.env.HOST ?? '127.0.0.1');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bootstrap();
}
