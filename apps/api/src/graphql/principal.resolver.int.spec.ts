import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getIntrospectionQuery, printSchema } from 'graphql';
import { format, resolveConfig } from 'prettier';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApiApp } from '../../test/api-test-app.js';
import {
  createPrismaClient,
  deleteAccountPolicies,
  seedImageResizerAccount,
  type ImageResizerAccount,
  type PrismaClient,
} from '../../test/policy-fixtures.js';
import { encodePrincipalCursor } from '../common/cursor.js';

interface GraphqlResponse {
  status: number;
  data: any;
  errors: { message: string; extensions?: { code?: string; argument?: string } }[] | undefined;
}

const VERSIONS_PAGE = `
  query Versions($arn: String!, $first: Int, $after: String, $type: PolicyType) {
    principal(arn: $arn) {
      versions(type: $type, first: $first, after: $after) {
        totalCount
        edges { cursor node { version causedBy } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }`;

const POLICY_AT = `
  query PolicyAt($arn: String!, $at: DateTime, $type: PolicyType) {
    principal(arn: $arn) {
      policy(type: $type, at: $at) {
        version createdAt causedBy document
        added { action resource principal condition }
      }
    }
  }`;

const PRINCIPALS_PAGE = `
  query Principals($first: Int, $after: String, $search: String) {
    principals(first: $first, after: $after, search: $search) {
      totalCount
      edges { cursor node { arn kind policyTypes } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

/** Returns the JSON text of a query padded with spaces to exactly `bytes` bytes. */
function bodyOfSize(bytes: number): string {
  const empty = JSON.stringify({ query: '{ __typename }' });

  return JSON.stringify({ query: `{ __typename${' '.repeat(bytes - empty.length)} }` });
}

describe('GraphQL principals API', () => {
  let app: INestApplication;
  let prisma: PrismaClient;
  let account: ImageResizerAccount;

  async function graphql(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlResponse> {
    const response = await request(app.getHttpServer()).post('/graphql').send({ query, variables });

    return { status: response.status, data: response.body.data, errors: response.body.errors };
  }

  beforeAll(async () => {
    prisma = createPrismaClient();
    account = await seedImageResizerAccount(prisma);
    app = await startApiApp();
  });

  afterAll(async () => {
    await app?.close();
    if (account !== undefined) {
      await deleteAccountPolicies(prisma, account.accountId);
    }
    await prisma?.$disconnect();
  });

  it('schema matches schema.graphql', async () => {
    const schema = app.get(GraphQLSchemaHost).schema;

    // After an intended schema change, rewrite the file with `vitest run -u`. It is formatted
    // like the rest of the repository, so `prettier --write` leaves it as is.
    const schemaFile = new URL('../../schema.graphql', import.meta.url);
    const prettierOptions = await resolveConfig(schemaFile);
    const sdl = await format(printSchema(schema), { ...prettierOptions, parser: 'graphql' });

    await expect(sdl).toMatchFileSnapshot(schemaFile.pathname);
  });

  it('principal returns null for an unknown ARN', async () => {
    const result = await graphql(
      `{ principal(arn: "arn:aws:iam::${account.accountId}:role/none") { arn } }`,
    );

    expect(result.errors).toBeUndefined();
    expect(result.data.principal).toBeNull();
  });

  it('principal returns kind and policy types', async () => {
    const result = await graphql(
      `
        query ($arn: String!) {
          principal(arn: $arn) {
            arn
            kind
            policyTypes
          }
        }
      `,
      { arn: account.resizerRole },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data.principal).toEqual({
      arn: account.resizerRole,
      kind: 'role',
      policyTypes: ['IDENTITY', 'RESOURCE'],
    });
  });

  it('versions pages forward with first and after', async () => {
    const first = await graphql(VERSIONS_PAGE, { arn: account.resizerRole, first: 2 });
    const firstPage = first.data.principal.versions;

    expect(first.errors).toBeUndefined();
    expect(firstPage.totalCount).toBe(5);
    expect(firstPage.edges.map((edge: any) => edge.node.version)).toEqual([1, 2]);
    expect(firstPage.edges[0].node.causedBy).toBe(`event-${account.accountId}-resizer-1`);
    expect(firstPage.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: firstPage.edges[0].cursor,
      endCursor: firstPage.edges[1].cursor,
    });

    const second = await graphql(VERSIONS_PAGE, {
      arn: account.resizerRole,
      first: 2,
      after: firstPage.pageInfo.endCursor,
    });
    const secondPage = second.data.principal.versions;

    expect(secondPage.edges.map((edge: any) => edge.node.version)).toEqual([3, 4]);
    expect(secondPage.pageInfo.hasNextPage).toBe(true);
    expect(secondPage.pageInfo.hasPreviousPage).toBe(true);

    const third = await graphql(VERSIONS_PAGE, {
      arn: account.resizerRole,
      first: 2,
      after: secondPage.pageInfo.endCursor,
    });
    const thirdPage = third.data.principal.versions;

    expect(thirdPage.edges.map((edge: any) => edge.node.version)).toEqual([5]);
    expect(thirdPage.pageInfo.hasNextPage).toBe(false);
    expect(thirdPage.pageInfo.hasPreviousPage).toBe(true);
    expect(thirdPage.totalCount).toBe(5);
  });

  it('versions defaults to 20 identity versions', async () => {
    const result = await graphql(
      `
        query ($arn: String!) {
          principal(arn: $arn) {
            versions {
              edges {
                node {
                  version
                }
              }
            }
          }
        }
      `,
      { arn: account.resizerRole },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data.principal.versions.edges).toHaveLength(5);
  });

  it('versions cursors decode to the version', async () => {
    const result = await graphql(VERSIONS_PAGE, { arn: account.resizerRole, first: 3 });
    const cursors = result.data.principal.versions.edges.map((edge: any) => edge.cursor);

    const decoded = cursors.map((cursor: string) => Buffer.from(cursor, 'base64url').toString());

    expect(decoded).toEqual(['version:1', 'version:2', 'version:3']);
  });

  it.each([0, -1, 101])('versions rejects first=%i', async (first) => {
    const result = await graphql(VERSIONS_PAGE, { arn: account.resizerRole, first });

    expect(result.status).toBe(200);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.message).toContain('first must be an integer from 1 to 100');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.argument).toBe('first');
  });

  it.each(['not-a-cursor', encodePrincipalCursor('arn:aws:iam::123456789012:root'), ''])(
    'versions rejects after=%j',
    async (after) => {
      const result = await graphql(VERSIONS_PAGE, { arn: account.resizerRole, after });

      if (after === '') {
        // An empty cursor is the same as no cursor.
        expect(result.errors).toBeUndefined();
        return;
      }
      expect(result.errors?.[0]?.message).toContain('after is not a valid cursor');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    },
  );

  it('policy without at returns the latest version', async () => {
    const result = await graphql(POLICY_AT, { arn: account.resizerRole });
    const policy = result.data.principal.policy;

    expect(result.errors).toBeUndefined();
    expect(policy.version).toBe(5);
    expect(policy.createdAt).toBe(account.resizerVersionTimes[4]?.toISOString());
    expect(policy.document.Statement).toHaveLength(5);
    expect(policy.added).toEqual([
      {
        action: 'logs:PutLogEvents',
        resource: `arn:aws:logs:us-east-1:${account.accountId}:log-group:/aws/lambda/resize:*`,
        principal: null,
        condition: null,
      },
    ]);
  });

  it('policy at a time returns the version then in force', async () => {
    const [v1, v2, v3] = account.resizerVersionTimes as [Date, Date, Date];
    const between = new Date((v2.getTime() + v3.getTime()) / 2).toISOString();

    const betweenResult = await graphql(POLICY_AT, { arn: account.resizerRole, at: between });
    const exactResult = await graphql(POLICY_AT, {
      arn: account.resizerRole,
      at: v3.toISOString(),
    });
    const offsetResult = await graphql(POLICY_AT, {
      arn: account.resizerRole,
      at: '2026-11-02T12:30:00+01:00',
    });
    const beforeResult = await graphql(POLICY_AT, {
      arn: account.resizerRole,
      at: new Date(v1.getTime() - 1).toISOString(),
    });

    expect(betweenResult.data.principal.policy.version).toBe(2);
    expect(betweenResult.data.principal.policy.document.Statement).toHaveLength(2);
    expect(betweenResult.data.principal.policy.added[0].action).toBe('s3:PutObject');
    expect(exactResult.data.principal.policy.version).toBe(3);
    // 12:30+01:00 is 11:30Z, between version 2 (11:00Z) and version 3 (12:00Z).
    expect(offsetResult.data.principal.policy.version).toBe(2);
    expect(beforeResult.errors).toBeUndefined();
    expect(beforeResult.data.principal.policy).toBeNull();
  });

  it.each(['yesterday', '2026-11-02', '2026-11-02T10:00:00', '2026-02-30T10:00:00Z'])(
    'policy rejects at=%j',
    async (at) => {
      const result = await graphql(POLICY_AT, { arn: account.resizerRole, at });

      expect(result.status).toBeLessThan(500);
      expect(result.errors?.[0]?.message).toContain('DateTime must be an RFC 3339 date-time');
    },
  );

  it('policy rejects a non-string at literal', async () => {
    const result = await graphql(
      `{ principal(arn: "${account.resizerRole}") { policy(at: 5) { version } } }`,
    );

    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0]?.message).toContain('DateTime must be a string');
  });

  it('RESOURCE type reads resource-based policies', async () => {
    const principal = await graphql(
      `
        query ($arn: String!) {
          principal(arn: $arn) {
            kind
            policyTypes
          }
        }
      `,
      { arn: account.resizeFunction },
    );
    const resource = await graphql(POLICY_AT, { arn: account.resizeFunction, type: 'RESOURCE' });
    const firstVersion = await graphql(POLICY_AT, {
      arn: account.resizeFunction,
      type: 'RESOURCE',
      at: account.resizerVersionTimes[0]?.toISOString(),
    });

    expect(principal.data.principal).toEqual({ kind: 'resource', policyTypes: ['RESOURCE'] });
    expect(resource.data.principal.policy.version).toBe(2);
    expect(resource.data.principal.policy.document.Statement[0].Principal).toEqual({
      Service: ['s3.amazonaws.com'],
    });
    expect(firstVersion.data.principal.policy.added).toEqual([
      {
        action: 'lambda:InvokeFunction',
        resource: account.resizeFunction,
        principal: { Service: ['s3.amazonaws.com'] },
        condition: { ArnLike: { 'aws:SourceArn': account.uploadsBucket } },
      },
    ]);
  });

  it('RESOURCE versions page like identity versions', async () => {
    const result = await graphql(VERSIONS_PAGE, {
      arn: account.resizeFunction,
      type: 'RESOURCE',
      first: 1,
    });
    const versions = result.data.principal.versions;

    expect(versions.totalCount).toBe(2);
    expect(versions.edges.map((edge: any) => edge.node.version)).toEqual([1]);
    expect(versions.pageInfo.hasNextPage).toBe(true);
  });

  it('missing policy type gives null and empty versions', async () => {
    const policy = await graphql(POLICY_AT, { arn: account.resizeFunction });
    const versions = await graphql(VERSIONS_PAGE, { arn: account.resizeFunction });

    expect(policy.errors).toBeUndefined();
    expect(policy.data.principal.policy).toBeNull();
    expect(versions.data.principal.versions).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('role has both identity and resource policies', async () => {
    const trust = await graphql(POLICY_AT, { arn: account.resizerRole, type: 'RESOURCE' });

    expect(trust.data.principal.policy.version).toBe(1);
    expect(trust.data.principal.policy.added[0]).toEqual({
      action: 'sts:AssumeRole',
      resource: account.resizerRole,
      principal: { Service: ['lambda.amazonaws.com'] },
      condition: null,
    });
  });

  it('principals search matches case-insensitive substrings', async () => {
    const all = await graphql(PRINCIPALS_PAGE, { search: account.accountId });
    const roles = await graphql(PRINCIPALS_PAGE, { search: `${account.accountId}:ROLE/` });

    expect(all.errors).toBeUndefined();
    expect(all.data.principals.totalCount).toBe(4);
    expect(all.data.principals.edges.map((edge: any) => edge.node)).toEqual(
      [
        { arn: account.resizerRole, kind: 'role', policyTypes: ['IDENTITY', 'RESOURCE'] },
        { arn: account.listRole, kind: 'role', policyTypes: ['IDENTITY'] },
        { arn: account.deployUser, kind: 'user', policyTypes: ['IDENTITY'] },
        { arn: account.resizeFunction, kind: 'resource', policyTypes: ['RESOURCE'] },
      ].toSorted((left, right) => (left.arn < right.arn ? -1 : 1)),
    );
    expect(roles.data.principals.edges.map((edge: any) => edge.node.arn)).toEqual([
      account.listRole,
      account.resizerRole,
    ]);
  });

  it('principals search treats % and _ literally', async () => {
    const percent = await graphql(PRINCIPALS_PAGE, { search: `${account.accountId}:role/%` });
    const underscore = await graphql(PRINCIPALS_PAGE, { search: `${account.accountId}:role_` });

    expect(percent.data.principals.totalCount).toBe(0);
    expect(underscore.data.principals.totalCount).toBe(0);
  });

  it('principals pages forward with first and after', async () => {
    const first = await graphql(PRINCIPALS_PAGE, { search: account.accountId, first: 3 });
    const firstPage = first.data.principals;

    const second = await graphql(PRINCIPALS_PAGE, {
      search: account.accountId,
      first: 3,
      after: firstPage.pageInfo.endCursor,
    });
    const secondPage = second.data.principals;

    expect(firstPage.edges).toHaveLength(3);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    expect(firstPage.pageInfo.hasPreviousPage).toBe(false);
    expect(secondPage.edges).toHaveLength(1);
    expect(secondPage.pageInfo.hasNextPage).toBe(false);
    expect(secondPage.pageInfo.hasPreviousPage).toBe(true);
    expect(secondPage.totalCount).toBe(4);
    expect(secondPage.edges[0].node.arn).not.toBe(firstPage.edges[2].node.arn);
  });

  it('principals nodes resolve their versions', async () => {
    const result = await graphql(
      `
        query ($search: String) {
          principals(search: $search, first: 1) {
            edges {
              node {
                arn
                versions(first: 1) {
                  totalCount
                }
              }
            }
          }
        }
      `,
      { search: `${account.accountId}:role/list` },
    );

    expect(result.data.principals.edges).toEqual([
      { node: { arn: account.listRole, versions: { totalCount: 1 } } },
    ]);
  });

  it('principals rejects out-of-range first', async () => {
    const result = await graphql(PRINCIPALS_PAGE, { first: 500 });

    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.message).toBe('first must be an integer from 1 to 100, got 500.');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  describe('text arguments PostgreSQL cannot store', () => {
    const PRINCIPAL_BY_ARN = 'query ($arn: String!) { principal(arn: $arn) { arn } }';
    const cases: {
      name: string;
      query: string;
      variables?: Record<string, unknown>;
      argument: string;
      message: string;
    }[] = [
      {
        name: 'NUL in an ARN literal',
        query: '{ principal(arn: "a\\u0000b") { arn } }',
        argument: 'arn',
        message: 'arn must not contain NUL characters (U+0000).',
      },
      {
        name: 'NUL in an ARN variable',
        query: PRINCIPAL_BY_ARN,
        variables: { arn: 'a\u0000b' },
        argument: 'arn',
        message: 'arn must not contain NUL characters (U+0000).',
      },
      {
        name: 'lone surrogate in an ARN variable',
        query: PRINCIPAL_BY_ARN,
        variables: { arn: 'a\uD800b' },
        argument: 'arn',
        message: 'arn must be valid Unicode text, but it contains an unpaired UTF-16 surrogate.',
      },
      {
        name: 'ARN longer than 2048 characters',
        query: PRINCIPAL_BY_ARN,
        variables: { arn: 'a'.repeat(2049) },
        argument: 'arn',
        message: 'arn must be at most 2048 characters long, got 2049.',
      },
      {
        name: 'NUL in search',
        query: '{ principals(search: "\\u0000") { totalCount } }',
        argument: 'search',
        message: 'search must not contain NUL characters (U+0000).',
      },
      {
        name: 'lone surrogate in search',
        query: PRINCIPALS_PAGE,
        variables: { search: '\uDC00' },
        argument: 'search',
        message: 'search must be valid Unicode text, but it contains an unpaired UTF-16 surrogate.',
      },
      {
        name: 'cursor whose ARN contains NUL',
        query: '{ principals(after: "cHJpbmNpcGFsOgB4") { totalCount } }',
        argument: 'after',
        message:
          'after is not a valid cursor: "cHJpbmNpcGFsOgB4". Pass the cursor or endCursor value from a previous page of the same list.',
      },
    ];

    it.each(cases)('rejects $name', async ({ query, variables, argument, message }) => {
      const result = await graphql(query, variables);

      expect(result.status).toBe(200);
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]?.message).toBe(message);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.argument).toBe(argument);
    });
  });

  describe('query limits', () => {
    const DOCUMENT_PAGE = 'versions(first: 100) { edges { node { document } } }';

    function aliases(count: number): string {
      const fields = Array.from(
        { length: count },
        (_, index) => `a${index}: principal(arn: "${account.resizerRole}") { ${DOCUMENT_PAGE} }`,
      );

      return `{ ${fields.join(' ')} }`;
    }

    it('allows one page of 100 documents', async () => {
      const result = await graphql(
        `{ principal(arn: "${account.resizerRole}") { ${DOCUMENT_PAGE} } }`,
      );

      expect(result.errors).toBeUndefined();
      expect(result.data.principal.versions.edges).toHaveLength(5);
    });

    it('allows one page of 100 versions with every field', async () => {
      const result = await graphql(`
        {
          principal(arn: "${account.resizerRole}") {
            versions(first: 100) {
              totalCount
              pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              edges {
                cursor
                node {
                  version createdAt document causedBy
                  added { action resource principal condition }
                }
              }
            }
          }
        }`);

      expect(result.errors).toBeUndefined();
      expect(result.data.principal.versions.totalCount).toBe(5);
    });

    it('rejects 30 aliased pages of documents', async () => {
      const result = await graphql(aliases(30));
      const messages = result.errors?.map((error) => error.message);

      expect(result.status).toBe(400);
      expect(result.data).toBeUndefined();
      expect(messages).toEqual([
        'The operation selects 30 root fields, more than the maximum of 10. Send the others in another request.',
        expect.stringMatching(
          /^The estimated query cost 36060 exceeds the maximum of 2500 \(GRAPHQL_MAX_COST\)\./,
        ),
      ]);
      expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('rejects three aliased pages of documents', async () => {
      const result = await graphql(aliases(3));

      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.message).toMatch(
        /^The estimated query cost 3606 exceeds the maximum of 2500 \(GRAPHQL_MAX_COST\)\./,
      );
    });

    it('reads the maximum cost from GRAPHQL_MAX_COST', async () => {
      const limited = await startApiApp({ GRAPHQL_MAX_COST: '3' });

      try {
        const query = `{ principal(arn: "${account.resizerRole}") { arn kind policyTypes } }`;
        const rejected = await request(limited.getHttpServer()).post('/graphql').send({ query });
        const allowed = await request(limited.getHttpServer())
          .post('/graphql')
          .send({ query: `{ principal(arn: "${account.resizerRole}") { arn kind } }` });

        expect(rejected.status).toBe(400);
        expect(rejected.body.errors[0].message).toMatch(
          /^The estimated query cost 4 exceeds the maximum of 3 \(GRAPHQL_MAX_COST\)\./,
        );
        expect(allowed.status).toBe(200);
        expect(allowed.body.data.principal).toEqual({ arn: account.resizerRole, kind: 'role' });
      } finally {
        await limited.close();
      }
    });

    it('accepts the introspection query', async () => {
      const result = await graphql(getIntrospectionQuery({ inputValueDeprecation: true }));

      expect(result.errors).toBeUndefined();
      expect(result.data).toMatchObject({ __schema: { queryType: { name: 'Query' } } });
    });
  });

  describe('request body limit', () => {
    it('accepts a body of 100 KiB', async () => {
      const body = bodyOfSize(100 * 1024);

      const response = await request(app.getHttpServer())
        .post('/graphql')
        .set('Content-Type', 'application/json')
        .send(body);

      expect(Buffer.byteLength(body)).toBe(100 * 1024);
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ __typename: 'Query' });
    });

    it('returns 413 for a body over 100 KiB', async () => {
      const response = await request(app.getHttpServer())
        .post('/graphql')
        .set('Content-Type', 'application/json')
        .send(bodyOfSize(100 * 1024 + 1));

      expect(response.status).toBe(413);
      expect(response.body.message).toBe(
        'The request body is larger than the limit of 102400 bytes (100 KiB).',
      );
    });
  });

  it('principals rejects a version cursor', async () => {
    const versions = await graphql(VERSIONS_PAGE, { arn: account.resizerRole, first: 1 });

    const result = await graphql(PRINCIPALS_PAGE, {
      after: versions.data.principal.versions.pageInfo.endCursor,
    });

    expect(result.errors?.[0]?.message).toContain('after is not a valid cursor');
  });
});
