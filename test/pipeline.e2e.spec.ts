import { readFileSync } from 'node:fs';

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { randomAccountId } from './support/accounts.js';
import { testConsumerGroup } from './support/int-environment.js';
import { waitForGroupCaughtUp } from './support/kafka.js';
import { type Pipeline, queryGraphql, readPolicy, startPipeline } from './support/pipeline.js';

const EXAMPLE_ACCOUNT = '000000000000';
const exampleStream = readFileSync(
  new URL('../examples/image-resizer/policy-stream.ndjson', import.meta.url),
  'utf8',
);

interface StreamStatement {
  Action: string | string[];
  Resource: string | string[];
  Principal?: unknown;
  Condition?: unknown;
}

interface Document {
  Version: string;
  Statement: StreamStatement[];
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/** Lists every (action, resource) a document allows, with Principal and Condition for resource policies. */
function allowedPermissions(document: Document): Set<string> {
  const permissions = new Set<string>();
  for (const statement of document.Statement) {
    for (const action of list(statement.Action)) {
      for (const resource of list(statement.Resource)) {
        permissions.add(permissionText(action, resource, statement.Principal, statement.Condition));
      }
    }
  }

  return permissions;
}

function permissionText(
  action: string,
  resource: string,
  principal: unknown,
  condition: unknown,
): string {
  return JSON.stringify([action, resource, normaliseJson(principal), normaliseJson(condition)]);
}

/** Sorts object keys and string arrays, and unwraps one-element arrays, so layouts compare equal. */
function normaliseJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normaliseJson).sort();
    return items.length === 1 ? items[0] : items;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, normaliseJson((value as Record<string, unknown>)[key])]),
    );
  }

  return value ?? null;
}

/** Reads the permissions each (attachTo, policy type) needs straight from the stream's entries. */
function expectedPolicies(
  stream: string,
): Map<string, { arn: string; type: 'IDENTITY' | 'RESOURCE'; permissions: Set<string> }> {
  const policies = new Map<
    string,
    { arn: string; type: 'IDENTITY' | 'RESOURCE'; permissions: Set<string> }
  >();
  for (const line of stream.split('\n').filter((text) => text.trim() !== '')) {
    const entry = JSON.parse(line) as {
      resource: string;
      policy_type: string;
      policy_document: Document;
    };
    const type = entry.policy_type === 'identity' ? 'IDENTITY' : 'RESOURCE';
    const key = `${type} ${entry.resource}`;
    const policy = policies.get(key) ?? {
      arn: entry.resource,
      type,
      permissions: new Set<string>(),
    };
    for (const statement of entry.policy_document.Statement) {
      for (const action of list(statement.Action)) {
        for (const resource of list(statement.Resource)) {
          policy.permissions.add(
            permissionText(action, resource, statement.Principal, statement.Condition),
          );
        }
      }
    }
    policies.set(key, policy);
  }

  return policies;
}

describe('LocalStack policy stream to GraphQL', () => {
  const account = randomAccountId();
  const stream = exampleStream.replaceAll(EXAMPLE_ACCOUNT, account);
  const expected = expectedPolicies(stream);
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

  async function sendStream(): Promise<void> {
    const response = await request(ingest.getHttpServer())
      .post('/v1/sources/localstack/policy-stream')
      .set('content-type', 'application/x-ndjson')
      .send(stream);

    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: 16, rejected: [] });
    await waitForGroupCaughtUp(testConsumerGroup());
  }

  it('builds one policy per role and resource with exactly the streamed permissions', async () => {
    await sendStream();

    expect(expected.size).toBe(7);
    for (const { arn, type, permissions } of expected.values()) {
      const principal = await readPolicy(api, arn, type);

      expect(principal, `${type} policy of ${arn}`).not.toBeNull();
      expect(principal.policy.document.Version).toBe('2012-10-17');
      expect(allowedPermissions(principal.policy.document), `${type} policy of ${arn}`).toEqual(
        permissions,
      );
      expect(principal.versions.totalCount, `versions of ${arn}`).toBe(permissions.size);
      expect(
        principal.versions.edges.map((edge: { node: { version: number } }) => edge.node.version),
      ).toEqual(Array.from({ length: permissions.size }, (_, index) => index + 1));
      expect(principal.policy.version).toBe(permissions.size);
    }
  });

  it('keeps Principal and Condition on resource-based statements', async () => {
    const functionArn = `arn:aws:lambda:us-east-1:${account}:function:image-resizer-resize`;
    const principal = await readPolicy(api, functionArn, 'RESOURCE');
    const [statement] = principal.policy.document.Statement;

    expect(normaliseJson(statement.Principal)).toEqual({ Service: 's3.amazonaws.com' });
    expect(normaliseJson(statement.Condition)).toEqual({
      ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::image-resizer-uploads' },
    });
    expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('serves the trust statements of each role', async () => {
    const roleArn = `arn:aws:iam::${account}:role/ResizeFunctionRole`;
    const principal = await readPolicy(api, roleArn, 'RESOURCE');

    expect(principal.kind).toBe('role');
    expect(principal.policy.document.Statement).toHaveLength(1);
    expect(list(principal.policy.document.Statement[0].Action)).toEqual(['sts:AssumeRole']);
    expect(normaliseJson(principal.policy.document.Statement[0].Principal)).toEqual({
      Service: 'lambda.amazonaws.com',
    });
  });

  it('lists the principals of the stream', async () => {
    const data = await queryGraphql(
      api,
      `{ principals(first: 50, search: "${account}") { totalCount edges { node { arn } } } }`,
    );

    expect(
      data.principals.edges.map((edge: { node: { arn: string } }) => edge.node.arn).toSorted(),
    ).toEqual([...new Set([...expected.values()].map((policy) => policy.arn))].toSorted());
  });

  it('changes nothing when the same stream is sent again', async () => {
    const before = await Promise.all(
      [...expected.values()].map(({ arn, type }) => readPolicy(api, arn, type)),
    );

    await sendStream();

    const after = await Promise.all(
      [...expected.values()].map(({ arn, type }) => readPolicy(api, arn, type)),
    );
    expect(after).toEqual(before);
  });
});
