import { readFileSync } from 'node:fs';

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { randomAccountId } from '../support/accounts.js';
import { testConsumerGroup } from '../support/int-environment.js';
import { waitForGroupCaughtUp } from '../support/kafka.js';
import { type Pipeline, queryGraphql, readPolicy, startPipeline } from '../support/pipeline.js';

const FIXTURE_ACCOUNT = '314159265358';
const FIXTURES = [
  'current-implicit-deny.log',
  'current-explicit-deny.log',
  'request-with-principal.log',
  'service-principal.log',
  'interleaved-threads.log',
];

interface Statement {
  Action: string | string[];
  Resource: string | string[];
  Principal?: unknown;
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/** Lists every `action resource` pair a policy document allows, with the principal for resource policies. */
function permissionsOf(document: { Statement: Statement[] }): string[] {
  return document.Statement.flatMap((statement) =>
    list(statement.Action).flatMap((action) =>
      list(statement.Resource).map((resource) =>
        [
          action,
          resource,
          statement.Principal === undefined ? '' : JSON.stringify(statement.Principal),
        ]
          .join(' ')
          .trim(),
      ),
    ),
  ).toSorted();
}

describe('LocalStack logs to GraphQL', () => {
  const account = randomAccountId();
  const log = FIXTURES.map((name) =>
    readFileSync(
      new URL(`../../libs/sources/test-fixtures/localstack/${name}`, import.meta.url),
      'utf8',
    ),
  )
    .join('')
    .replaceAll(FIXTURE_ACCOUNT, account);

  const iam = (resource: string) => `arn:aws:iam::${account}:${resource}`;
  const expectedPolicies: Array<{
    arn: string;
    type: 'IDENTITY' | 'RESOURCE';
    kind: string;
    permissions: string[];
  }> = [
    {
      // The STS session ARN drops any role path, so the role is known without one.
      arn: iam('role/ledger-writer'),
      type: 'IDENTITY',
      kind: 'role',
      permissions: [
        `dynamodb:UpdateItem arn:aws:dynamodb:eu-west-1:${account}:table/ledger-entries`,
      ],
    },
    {
      arn: iam('user/report-bot'),
      type: 'IDENTITY',
      kind: 'user',
      permissions: ['s3:GetObject arn:aws:s3:::ledger-reports/2026/05/summary.csv'],
    },
    { arn: iam('root'), type: 'IDENTITY', kind: 'root', permissions: ['sqs:ListQueues *'] },
    {
      arn: iam('user/release-bot'),
      type: 'IDENTITY',
      kind: 'user',
      permissions: [
        `iam:CreatePolicyVersion ${iam('policy/ledger-deploy')}`,
        's3:PutBucketPolicy arn:aws:s3:::ledger-releases',
      ],
    },
    {
      arn: iam('role/ledger-reader'),
      type: 'IDENTITY',
      kind: 'role',
      permissions: [
        `kms:Decrypt arn:aws:kms:eu-west-1:${account}:key/0b7c1f0e-2d55-4c3a-9f1e-6d2a8c4b7e90`,
        's3:GetObject arn:aws:s3:::ledger-inbox/batch-0008.json',
      ],
    },
    {
      // Denied permissions were needed too, so they belong in the least-privilege policy.
      arn: iam('user/scheduler'),
      type: 'IDENTITY',
      kind: 'user',
      permissions: [
        `ecs:RunTask arn:aws:ecs:eu-central-1:${account}:task-definition/ledger-nightly:7`,
        `iam:PassRole ${iam('role/ledger-nightly-task')}`,
        `logs:PutLogEvents arn:aws:logs:eu-central-1:${account}:log-group:/ledger/nightly:log-stream:run-7`,
        `secretsmanager:GetSecretValue arn:aws:secretsmanager:eu-central-1:${account}:secret:ledger/db-AbCdEf`,
      ],
    },
    {
      arn: iam('role/ledger-notifier'),
      type: 'IDENTITY',
      kind: 'role',
      permissions: [`sns:Publish arn:aws:sns:eu-central-1:${account}:ledger-alerts`],
    },
    {
      arn: iam('user/uploader'),
      type: 'IDENTITY',
      kind: 'user',
      permissions: [
        `dynamodb:Query arn:aws:dynamodb:eu-west-1:${account}:table/ledger-entries/index/by-account`,
        's3:PutObject arn:aws:s3:::ledger-inbox/batch-0009.json',
        's3:PutObject arn:aws:s3:::ledger-inbox/batch-0010.json',
      ],
    },
    {
      arn: `arn:aws:sqs:ap-southeast-2:${account}:ledger-fanout`,
      type: 'RESOURCE',
      kind: 'resource',
      permissions: [
        `sqs:SendMessage arn:aws:sqs:ap-southeast-2:${account}:ledger-fanout {"Service":["sns.amazonaws.com"]}`,
      ],
    },
    {
      arn: iam('role/ledger-compactor'),
      type: 'RESOURCE',
      kind: 'role',
      permissions: [
        `sts:AssumeRole ${iam('role/ledger-compactor')} {"Service":["lambda.amazonaws.com"]}`,
      ],
    },
  ];

  let pipeline: Pipeline;
  let ingest: INestApplication;
  let api: INestApplication;

  beforeAll(async () => {
    pipeline = await startPipeline();
    ({ ingest, api } = pipeline);
  });

  afterAll(async () => {
    await pipeline?.close();
  });

  async function sendLog(): Promise<void> {
    const response = await request(ingest.getHttpServer())
      .post('/v1/sources/localstack/logs')
      .set('content-type', 'text/plain')
      .send(log);

    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(17);
    expect(response.body.skipped).toBe(2);
    expect(response.body.rejected).toEqual([
      {
        line: expect.any(Number),
        field: 'resource',
        error: expect.stringMatching(/ec2:DescribeInstances/),
      },
    ]);
    await waitForGroupCaughtUp(testConsumerGroup());
  }

  it('builds each policy from the logged permissions', async () => {
    await sendLog();

    for (const { arn, type, kind, permissions } of expectedPolicies) {
      const principal = await readPolicy(api, arn, type);

      expect(principal, `${type} policy of ${arn}`).not.toBeNull();
      expect(principal.kind, `kind of ${arn}`).toBe(kind);
      expect(permissionsOf(principal.policy.document), `${type} policy of ${arn}`).toEqual(
        permissions.toSorted(),
      );
      expect(principal.versions.totalCount, `versions of ${arn}`).toBe(permissions.length);
    }
  });

  it('lists roles, not STS sessions', async () => {
    const data = await queryGraphql(
      api,
      `{ principals(first: 50, search: "${account}") { edges { node { arn } } } }`,
    );

    const arns = data.principals.edges.map((edge: { node: { arn: string } }) => edge.node.arn);
    expect(arns.toSorted()).toEqual(
      [...new Set(expectedPolicies.map((policy) => policy.arn))].toSorted(),
    );
  });

  it('changes nothing when the same log is sent again', async () => {
    const before = await Promise.all(
      expectedPolicies.map(({ arn, type }) => readPolicy(api, arn, type)),
    );

    await sendLog();

    const after = await Promise.all(
      expectedPolicies.map(({ arn, type }) => readPolicy(api, arn, type)),
    );
    expect(after).toEqual(before);
  });
});
