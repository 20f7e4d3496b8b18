import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAggregatorApp } from '../../../aggregator/src/main.js';
import { createApiApp } from '../../../api/src/create-api-app.js';
import { createIngestApp } from '../../../ingest/src/main.js';
import { CloudTrailReader } from '../../../../libs/sources/src/index.js';
import { randomAccountId } from '../../../../test/support/accounts.js';
import { importCloudTrail, type ImportSummary } from '../cloudtrail/import-cloudtrail-files.js';
import { syntheticTrail } from '../cloudtrail/synthetic-trail.test-support.js';

const SEED = 20_260_514;
const RECORDS = 10_000;
const RECORDS_PER_FILE = 100;
const RECORDS_PER_POST = 1_000;
const FOLD_TIMEOUT_MS = 240_000;
const POLL_INTERVAL_MS = 500;

interface PolicyView {
  arn: string;
  types: Record<string, { versions: number; document: unknown }>;
}

const PRINCIPALS_QUERY = `
  query Principals($search: String!, $after: String) {
    principals(first: 100, search: $search, after: $after) {
      edges { node { arn kind policyTypes } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const POLICY_QUERY = `
  query Policy($arn: String!, $type: PolicyType!) {
    principal(arn: $arn) {
      policy(type: $type) { document }
      versions(type: $type, first: 1) { totalCount }
    }
  }`;

/**
 * Counts the distinct permissions the records imply, which is the number of policy versions
 * the aggregator creates for them once it has folded every event.
 */
async function expectedVersionCount(records: Array<Record<string, unknown>>): Promise<number> {
  const reader = await CloudTrailReader.create();
  const permissions = new Set<string>();
  for (const record of reader.read(JSON.stringify({ Records: records })).records) {
    for (const event of record.ok ? record.events : []) {
      permissions.add(
        JSON.stringify([
          event.policyType,
          event.attachTo,
          event.action,
          event.resource,
          event.principalInStatement ?? null,
        ]),
      );
    }
  }

  return permissions.size;
}

/** Adds up the versions of every policy of a principal list. */
function versionCount(policies: Map<string, PolicyView>): number {
  return [...policies.values()]
    .flatMap((policy) => Object.values(policy.types))
    .reduce((total, type) => total + type.versions, 0);
}

/** Replaces the account id and drops `Sid`, which is a digest of the statement's content. */
function masked(value: unknown, account: string): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, item: unknown) => (key === 'Sid' ? undefined : item)).replaceAll(
      account,
      'ACCOUNT',
    ),
  );
}

describe('import cloudtrail compared with posting the same records', () => {
  const cliAccount = randomAccountId();
  let httpAccount = randomAccountId();
  while (httpAccount === cliAccount) {
    httpAccount = randomAccountId();
  }

  const apps: INestApplication[] = [];
  let ingest: NestExpressApplication;
  let api: INestApplication;
  let ingestUrl: string;
  let folder: string;

  beforeAll(async () => {
    const aggregator = await createAggregatorApp();
    await aggregator.startAllMicroservices();
    await aggregator.init();
    ingest = await createIngestApp();
    await ingest.listen(0, '127.0.0.1');
    ingestUrl = `http://127.0.0.1:${(ingest.getHttpServer().address() as AddressInfo).port}`;
    api = await createApiApp();
    await api.init();
    apps.push(aggregator, ingest, api);
    folder = await mkdtemp(join(tmpdir(), 'cloudtrail-e2e-'));
  });

  afterAll(async () => {
    for (const app of apps.toReversed()) {
      await app.close();
    }
    await rm(folder, { recursive: true, force: true });
  });

  /** Writes the records as a downloaded trail: one .json.gz per 100 records, plus a digest. */
  async function writeTrail(records: Array<Record<string, unknown>>, account: string) {
    const day = join(folder, 'AWSLogs', account, 'CloudTrail', 'eu-west-1', '2026', '05', '14');
    const digest = join(
      folder,
      'AWSLogs',
      account,
      'CloudTrail-Digest',
      'eu-west-1',
      '2026',
      '05',
      '14',
    );
    await mkdir(day, { recursive: true });
    await mkdir(digest, { recursive: true });

    for (let start = 0; start < records.length; start += RECORDS_PER_FILE) {
      const name = `${account}_CloudTrail_eu-west-1_20260514T${String(start).padStart(6, '0')}Z_synthetic.json.gz`;
      const body = JSON.stringify({ Records: records.slice(start, start + RECORDS_PER_FILE) });
      await writeFile(join(day, name), gzipSync(body));
    }
    await writeFile(join(digest, 'digest.json.gz'), gzipSync('{"logFiles": []}'));

    return join(folder, 'AWSLogs');
  }

  /** Posts the records straight to ingest as gzip log files of 1,000 records. */
  async function postDirectly(records: Array<Record<string, unknown>>) {
    const totals = {
      records: 0,
      accepted: 0,
      skipped: 0,
      rejected: 0,
      unmapped: new Map<string, number>(),
    };

    for (let start = 0; start < records.length; start += RECORDS_PER_POST) {
      const chunk = records.slice(start, start + RECORDS_PER_POST);
      const response = await request(ingest.getHttpServer())
        .post('/v1/sources/cloudtrail')
        .set('content-type', 'application/octet-stream')
        .set('content-encoding', 'gzip')
        .send(gzipSync(JSON.stringify({ Records: chunk })));

      expect(response.status).toBe(202);
      totals.records += chunk.length;
      totals.accepted += response.body.accepted;
      totals.skipped += response.body.skipped ?? 0;
      totals.rejected += response.body.rejected.length;
      for (const { key, count } of response.body.unmapped ?? []) {
        totals.unmapped.set(key, (totals.unmapped.get(key) ?? 0) + count);
      }
    }

    return totals;
  }

  async function graphql(query: string, variables: Record<string, unknown>) {
    const response = await request(api.getHttpServer()).post('/graphql').send({ query, variables });

    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    return response.body.data;
  }

  /** Reads every policy of the account's principals, masked and keyed by masked ARN. */
  async function policiesOf(account: string): Promise<Map<string, PolicyView>> {
    const policies = new Map<string, PolicyView>();
    let after: string | undefined;

    do {
      const { principals } = await graphql(PRINCIPALS_QUERY, { search: account, after });
      for (const { node } of principals.edges as Array<{
        node: { arn: string; policyTypes: string[] };
      }>) {
        const view: PolicyView = { arn: node.arn.replaceAll(account, 'ACCOUNT'), types: {} };
        for (const type of node.policyTypes) {
          const { principal } = await graphql(POLICY_QUERY, { arn: node.arn, type });
          view.types[type] = {
            versions: principal.versions.totalCount,
            document: masked(principal.policy.document, account),
          };
        }
        policies.set(view.arn, view);
      }
      after = principals.pageInfo.hasNextPage ? principals.pageInfo.endCursor : undefined;
    } while (after !== undefined);

    return policies;
  }

  /**
   * Waits until the account's policies have `expected` versions in all. Waiting on the
   * account rather than on the consumer group keeps the test independent of other events in
   * the shared topic.
   */
  async function waitForVersions(account: string, expected: number): Promise<void> {
    const deadline = Date.now() + FOLD_TIMEOUT_MS;
    let folded = 0;

    while (Date.now() < deadline) {
      folded = versionCount(await policiesOf(account));
      if (folded >= expected) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }

    throw new Error(
      `account ${account} has ${folded} of ${expected} policy versions after ${FOLD_TIMEOUT_MS} ms`,
    );
  }

  it(
    'accepts the same events and folds the same policies for 10,000 records',
    async () => {
      const cliRecords = syntheticTrail({ seed: SEED, records: RECORDS, account: cliAccount });
      const httpRecords = syntheticTrail({ seed: SEED, records: RECORDS, account: httpAccount });
      const trail = await writeTrail(cliRecords, cliAccount);

      const summary: ImportSummary = await importCloudTrail([trail], {
        ingestUrl,
        resume: false,
        statePath: join(folder, 'state.json'),
        batchBytes: 1024 * 1024,
        progress: { update: () => undefined, finish: () => undefined },
      });
      const direct = await postDirectly(httpRecords);

      expect(summary.files).toEqual({
        found: RECORDS / RECORDS_PER_FILE,
        imported: RECORDS / RECORDS_PER_FILE,
        alreadyImported: 0,
        notLogFiles: [],
        failed: [],
      });
      expect(summary.records).toBe(RECORDS);
      expect(direct.records).toBe(RECORDS);
      expect(summary.requests).toBeGreaterThan(1);
      expect(summary.rejectedCount).toBe(0);
      expect(direct.rejected).toBe(0);
      expect(summary.accepted).toBe(direct.accepted);
      expect(summary.accepted).toBeGreaterThan(RECORDS * 0.8);
      expect(summary.skipped).toBe(direct.skipped);
      expect(summary.skipped).toBeGreaterThan(0);
      expect(new Map(summary.unmapped.map(({ key, count }) => [key, count]))).toEqual(
        direct.unmapped,
      );
      expect(direct.unmapped.size).toBeGreaterThan(0);

      const expected = await expectedVersionCount(cliRecords);
      await waitForVersions(cliAccount, expected);
      await waitForVersions(httpAccount, expected);

      const viaCli = await policiesOf(cliAccount);
      const viaHttp = await policiesOf(httpAccount);
      expect(versionCount(viaCli)).toBe(expected);

      expect([...viaCli.keys()].toSorted()).toEqual([
        'arn:aws:iam::ACCOUNT:role/app/orders-api',
        'arn:aws:iam::ACCOUNT:role/deployer',
        'arn:aws:iam::ACCOUNT:role/service-role/nightly-etl',
        'arn:aws:iam::ACCOUNT:user/ops/ana',
      ]);
      expect(Object.keys(viaCli.get('arn:aws:iam::ACCOUNT:role/app/orders-api')!.types)).toEqual([
        'IDENTITY',
        'RESOURCE',
      ]);
      expect([...viaCli.keys()].toSorted()).toEqual([...viaHttp.keys()].toSorted());
      for (const [arn, policy] of viaCli) {
        expect(policy, arn).toEqual(viaHttp.get(arn));
      }
    },
    FOLD_TIMEOUT_MS + 120_000,
  );
});
