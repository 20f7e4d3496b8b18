import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { randomAccountId } from '../support/accounts.js';
import { testConsumerGroup } from '../support/int-environment.js';
import { waitForGroupCaughtUp } from '../support/kafka.js';
import { type Pipeline, readPolicy, startPipeline } from '../support/pipeline.js';

const FIXTURE_ACCOUNT = '626262626262';
const sampleLogFile = readFileSync(
  new URL('../../libs/sources/test-fixtures/cloudtrail/sample-log-file.json', import.meta.url),
  'utf8',
);

interface Statement {
  Action: string[];
  Resource: string[];
  Principal?: unknown;
}

/** Lists every "action resource" pair a policy document allows, sorted. */
function permissions(document: { Statement: Statement[] }): string[] {
  return document.Statement.flatMap((statement) =>
    statement.Action.flatMap((action) =>
      statement.Resource.map((resource) => `${action} ${resource}`),
    ),
  ).toSorted();
}

describe('CloudTrail log files to GraphQL', () => {
  const account = randomAccountId();
  const chinaAccount = randomAccountId();
  const run = randomUUID();
  let pipeline: Pipeline;
  let ingest: INestApplication;
  let api: INestApplication;

  // Event ids unique to this run but the same on every send, so a resend is a duplicate.
  let eventNumber = 0;
  const logFile = sampleLogFile
    .replaceAll(FIXTURE_ACCOUNT, account)
    .replace(/"eventID": "[^"]+"/g, () => `"eventID": "${run}-${++eventNumber}"`);
  const otherRecords = {
    Records: [
      {
        eventVersion: '1.09',
        eventID: `${run}-cn-1`,
        eventTime: '2026-05-20T11:00:00Z',
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'Query',
        awsRegion: 'cn-north-1',
        eventType: 'AwsApiCall',
        recipientAccountId: chinaAccount,
        userIdentity: {
          type: 'AssumedRole',
          arn: `arn:aws-cn:sts::${chinaAccount}:assumed-role/reporter/nightly`,
          accountId: chinaAccount,
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              arn: `arn:aws-cn:iam::${chinaAccount}:role/jobs/reporter`,
            },
          },
        },
        requestParameters: { tableName: 'sales', indexName: 'by-day' },
      },
      {
        eventVersion: '1.09',
        eventID: `${run}-svc-1`,
        eventTime: '2026-05-20T11:00:01Z',
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        awsRegion: 'eu-west-2',
        eventType: 'AwsApiCall',
        recipientAccountId: account,
        userIdentity: { type: 'AWSService', invokedBy: 'codebuild.amazonaws.com' },
        requestParameters: {
          roleArn: `arn:aws:iam::${account}:role/ci/site-builder`,
          roleSessionName: 'build-42',
        },
      },
    ],
  };

  beforeAll(async () => {
    pipeline = await startPipeline();
    ({ ingest, api } = pipeline);
  });

  afterAll(async () => {
    await pipeline?.close();
  });

  async function send(body: Buffer | string, encoding?: string) {
    let call = request(ingest.getHttpServer())
      .post('/v1/sources/cloudtrail')
      .set(
        'content-type',
        typeof body === 'string' ? 'application/json' : 'application/octet-stream',
      );
    if (encoding !== undefined) {
      call = call.set('content-encoding', encoding);
    }

    const response = await call.send(body);
    expect(response.status).toBe(202);
    return response.body;
  }

  it('folds gzip file into role with path', async () => {
    const answer = await send(gzipSync(logFile), 'gzip');
    expect(answer).toEqual({
      accepted: 4,
      rejected: [],
      skipped: 1,
      unmapped: [{ key: 'codebuild.amazonaws.com:StartBuild', count: 2 }],
    });
    await send(JSON.stringify(otherRecords));
    await waitForGroupCaughtUp(testConsumerGroup());

    const role = await readPolicy(api, `arn:aws:iam::${account}:role/ci/site-builder`, 'IDENTITY');

    expect(role.kind).toBe('role');
    expect(permissions(role.policy.document)).toEqual([
      `cloudfront:CreateInvalidation arn:aws:cloudfront::${account}:distribution/E1SITEWWWEXAMPLE`,
      `iam:PassRole arn:aws:iam::${account}:role/lambda/site-render`,
      `lambda:UpdateFunctionConfiguration arn:aws:lambda:eu-west-2:${account}:function:site-render`,
      `s3:PutObject arn:aws:s3:::site-www/index.html`,
    ]);
    expect(role.versions.totalCount).toBe(4);
  });

  it('keeps the aws-cn partition in the principal and the resource', async () => {
    const role = await readPolicy(
      api,
      `arn:aws-cn:iam::${chinaAccount}:role/jobs/reporter`,
      'IDENTITY',
    );

    expect(permissions(role.policy.document)).toEqual([
      `dynamodb:Query arn:aws-cn:dynamodb:cn-north-1:${chinaAccount}:table/sales/index/by-day`,
    ]);
  });

  it('adds a trust statement for a service that assumed the role', async () => {
    const trust = await readPolicy(api, `arn:aws:iam::${account}:role/ci/site-builder`, 'RESOURCE');

    expect(trust.policy.document.Statement).toHaveLength(1);
    const [statement] = trust.policy.document.Statement;
    expect(statement.Action).toEqual(['sts:AssumeRole']);
    expect(statement.Principal).toEqual({ Service: ['codebuild.amazonaws.com'] });
    expect(trust.policy.causedBy).toBe(`${run}-svc-1`);
  });

  it('changes nothing when the same log file is sent again uncompressed', async () => {
    const before = await readPolicy(
      api,
      `arn:aws:iam::${account}:role/ci/site-builder`,
      'IDENTITY',
    );

    await send(logFile);
    await waitForGroupCaughtUp(testConsumerGroup());

    const after = await readPolicy(api, `arn:aws:iam::${account}:role/ci/site-builder`, 'IDENTITY');
    expect(after).toEqual(before);
  });

  it('lists the unmapped calls it saw', async () => {
    const response = await request(ingest.getHttpServer()).get('/v1/sources/cloudtrail/unmapped');

    expect(response.status).toBe(200);
    expect(response.body.unmapped).toEqual([
      expect.objectContaining({ key: 'codebuild.amazonaws.com:StartBuild', count: 4 }),
    ]);
    expect(response.body.skipped).toEqual([
      { reason: 'no-permission-needed', key: 'sts.amazonaws.com:GetCallerIdentity', count: 2 },
    ]);
  });
});
