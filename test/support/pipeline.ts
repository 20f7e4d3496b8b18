import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { expect } from 'vitest';

import { createAggregatorApp } from '../../apps/aggregator/src/main.js';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { createIngestApp } from '../../apps/ingest/src/main.js';

/** Ingest, aggregator and API running in this process against the test Kafka and database. */
export interface Pipeline {
  ingest: NestExpressApplication;
  aggregator: INestApplication;
  api: INestApplication;
  /** Closes the API, ingest and the aggregator, in that order. */
  close(): Promise<void>;
}

const PRINCIPAL_POLICY_QUERY = `
  query Principal($arn: String!, $type: PolicyType!) {
    principal(arn: $arn) {
      arn
      kind
      policy(type: $type) { version document causedBy added { action resource } }
      versions(type: $type, first: 100) { totalCount edges { node { version } } }
    }
  }`;

/**
 * Starts the aggregator with its Kafka consumer, then ingest and the API. No app opens a port,
 * so tests reach them through `getHttpServer()`. Apps that started are closed again when a
 * later one fails to start.
 */
export async function startPipeline(): Promise<Pipeline> {
  const started: INestApplication[] = [];
  const close = async () => {
    for (const app of started.toReversed()) {
      await app.close();
    }
  };

  try {
    const aggregator = await createAggregatorApp();
    started.push(aggregator);
    await aggregator.startAllMicroservices();
    await aggregator.init();

    const ingest = await createIngestApp();
    started.push(ingest);
    await ingest.init();

    const api = await createApiApp();
    started.push(api);
    await api.init();

    return { ingest, aggregator, api, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Posts a GraphQL query to the API and returns its `data`, failing the test on any error. */
export async function queryGraphql(
  api: INestApplication,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const response = await request(api.getHttpServer()).post('/graphql').send({ query, variables });

  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  return response.body.data;
}

/**
 * Reads a principal with its current policy of `type` (its version, document, `causedBy` and
 * `added` permissions) and up to 100 policy versions. Returns null for an unknown principal.
 */
export async function readPolicy(
  api: INestApplication,
  arn: string,
  type: 'IDENTITY' | 'RESOURCE',
) {
  const data = await queryGraphql(api, PRINCIPAL_POLICY_QUERY, { arn, type });
  return data.principal;
}
