import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApiApp } from '../../test/api-test-app.js';
import {
  createPrismaClient,
  deleteAccountPolicies,
  insertPolicy,
  randomAccountId,
  seedImageResizerAccount,
  type ImageResizerAccount,
  type PrismaClient,
} from '../../test/policy-fixtures.js';

function principalPath(arn: string): string {
  return `/v1/principals/${encodeURIComponent(arn)}`;
}

describe('REST /v1/principals', () => {
  let app: INestApplication;
  let prisma: PrismaClient;
  let account: ImageResizerAccount;

  function get(path: string) {
    return request(app.getHttpServer()).get(path);
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

  it('lists principals with search and paging', async () => {
    const first = await get('/v1/principals').query({ search: account.accountId, first: 3 });
    const second = await get('/v1/principals').query({
      search: account.accountId,
      first: 3,
      after: first.body.pageInfo.endCursor,
    });

    expect(first.status).toBe(200);
    expect(first.body.totalCount).toBe(4);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.pageInfo.hasNextPage).toBe(true);
    expect(first.body.pageInfo.hasPreviousPage).toBe(false);
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.pageInfo.hasNextPage).toBe(false);
    expect(second.body.pageInfo.hasPreviousPage).toBe(true);
    expect([...first.body.items, ...second.body.items].map((item: any) => item.arn)).toEqual(
      [
        account.resizerRole,
        account.listRole,
        account.deployUser,
        account.resizeFunction,
      ].toSorted(),
    );
  });

  it('lists principals case-insensitively', async () => {
    const response = await get('/v1/principals').query({
      search: `${account.accountId}:USER/`,
    });

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { arn: account.deployUser, kind: 'user', policyTypes: ['identity'] },
    ]);
  });

  it('gets a principal by encoded ARN with a path', async () => {
    const response = await get(principalPath(account.resizerRole));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      arn: account.resizerRole,
      kind: 'role',
      policyTypes: ['identity', 'resource'],
    });
  });

  it('accepts an ARN with unencoded colons', async () => {
    const response = await get(`/v1/principals/${account.resizeFunction}/versions/1?type=resource`);

    expect(response.status).toBe(200);
    expect(response.body.version).toBe(1);
  });

  it('explains a 404 for an unencoded slash', async () => {
    const response = await get(`/v1/principals/${account.resizerRole}/versions`);

    expect(response.status).toBe(404);
    expect(response.body.message).toContain(
      'encoded with encodeURIComponent, so that / becomes %2F',
    );
  });

  it('returns 500 without details for a malformed stored version', async () => {
    const brokenAccountId = randomAccountId();
    const arn = `arn:aws:iam::${brokenAccountId}:role/broken`;
    await insertPolicy(prisma, {
      attachTo: arn,
      policyType: 'identity',
      kind: 'role',
      versions: [{ createdAt: new Date(), causedBy: 'event-broken', added: [] }],
    });
    await prisma.policyVersion.updateMany({
      where: { attachTo: arn },
      data: { added: { action: 's3:GetObject' } },
    });

    try {
      const rest = await get(`${principalPath(arn)}/versions/1`);
      const graphql = await request(app.getHttpServer())
        .post('/graphql')
        .send({ query: `{ principal(arn: "${arn}") { policy { version } } }` });

      expect(rest.status).toBe(500);
      expect(rest.body.message).toBe('Internal server error');
      expect(graphql.body.errors[0].message).toBe('Internal server error');
      expect(graphql.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await deleteAccountPolicies(prisma, brokenAccountId);
    }
  });

  it('returns 404 for an unknown principal', async () => {
    const arn = `arn:aws:iam::${account.accountId}:role/path/missing`;

    const response = await get(principalPath(arn));

    expect(response.status).toBe(404);
    expect(response.body.message).toBe(`Principal ${arn} not found: no policy is attached to it.`);
  });

  it('lists versions with first and after', async () => {
    const first = await get(`${principalPath(account.resizerRole)}/versions`).query({ first: 2 });
    const second = await get(`${principalPath(account.resizerRole)}/versions`).query({
      first: 2,
      after: first.body.pageInfo.endCursor,
    });

    expect(first.status).toBe(200);
    expect(first.body.totalCount).toBe(5);
    expect(first.body.items.map((item: any) => item.version)).toEqual([1, 2]);
    expect(first.body.pageInfo.hasNextPage).toBe(true);
    expect(second.body.items.map((item: any) => item.version)).toEqual([3, 4]);
    expect(second.body.pageInfo.hasPreviousPage).toBe(true);
    expect(second.body.items[0]).toEqual({
      arn: account.resizerRole,
      type: 'identity',
      version: 3,
      createdAt: account.resizerVersionTimes[2]?.toISOString(),
      document: expect.objectContaining({ Version: '2012-10-17' }),
      added: [
        {
          action: 's3:ListBucket',
          resource: account.uploadsBucket,
          principal: null,
          condition: null,
        },
      ],
      causedBy: `event-${account.accountId}-resizer-3`,
    });
  });

  it('lists resource policy versions with type=resource', async () => {
    const response = await get(`${principalPath(account.resizeFunction)}/versions?type=resource`);

    expect(response.status).toBe(200);
    expect(response.body.items.map((item: any) => item.version)).toEqual([1, 2]);
    expect(response.body.items[0].type).toBe('resource');
    expect(response.body.items[0].added[0].condition).toEqual({
      ArnLike: { 'aws:SourceArn': account.uploadsBucket },
    });
  });

  it('returns 404 when the ARN lacks the policy type', async () => {
    const response = await get(`${principalPath(account.resizeFunction)}/versions`);

    expect(response.status).toBe(404);
    expect(response.body.message).toBe(`No identity policy found for ${account.resizeFunction}.`);
  });

  it('gets one version', async () => {
    const response = await get(`${principalPath(account.resizerRole)}/versions/2`);

    expect(response.status).toBe(200);
    expect(response.body.version).toBe(2);
    expect(response.body.document.Statement).toHaveLength(2);
    expect(response.body.added[0].action).toBe('s3:PutObject');
  });

  it('gets one resource policy version', async () => {
    const response = await get(`${principalPath(account.resizerRole)}/versions/1?type=resource`);

    expect(response.status).toBe(200);
    expect(response.body.added[0].principal).toEqual({ Service: ['lambda.amazonaws.com'] });
  });

  it('returns 404 for a missing version', async () => {
    const response = await get(`${principalPath(account.resizerRole)}/versions/99`);

    expect(response.status).toBe(404);
    expect(response.body.message).toBe(
      `Version 99 of the identity policy of ${account.resizerRole} not found.`,
    );
  });

  it('gets the policy at a point in time', async () => {
    const at = new Date(account.resizerVersionTimes[1]!.getTime() + 60_000).toISOString();

    const atResponse = await get(`${principalPath(account.resizerRole)}/policy`).query({ at });
    const latest = await get(`${principalPath(account.resizerRole)}/policy`);
    const before = await get(`${principalPath(account.resizerRole)}/policy`).query({
      at: '2026-01-01T00:00:00Z',
    });

    expect(atResponse.status).toBe(200);
    expect(atResponse.body.version).toBe(2);
    expect(latest.body.version).toBe(5);
    expect(before.status).toBe(404);
    expect(before.body.message).toBe(
      `No identity policy version of ${account.resizerRole} found at or before 2026-01-01T00:00:00.000Z.`,
    );
  });

  describe('bad input', () => {
    const cases: { name: string; path: () => string; parameter: string; message: string }[] = [
      {
        name: 'type=bogus',
        path: () => `${principalPath(account.resizerRole)}/versions?type=bogus`,
        parameter: 'type',
        message: 'type must be identity or resource, got "bogus".',
      },
      {
        name: 'type=IDENTITY',
        path: () => `${principalPath(account.resizerRole)}/versions/1?type=IDENTITY`,
        parameter: 'type',
        message: 'type must be identity or resource, got "IDENTITY".',
      },
      {
        name: 'repeated type',
        path: () => `${principalPath(account.resizerRole)}/versions?type=identity&type=resource`,
        parameter: 'type',
        message: 'type must be identity or resource, got ["identity","resource"].',
      },
      {
        name: 'first=0',
        path: () => `${principalPath(account.resizerRole)}/versions?first=0`,
        parameter: 'first',
        message: 'first must be an integer from 1 to 100, got 0.',
      },
      {
        name: 'first=101',
        path: () => `/v1/principals?first=101`,
        parameter: 'first',
        message: 'first must be an integer from 1 to 100, got 101.',
      },
      {
        name: 'first=abc',
        path: () => `/v1/principals?first=abc`,
        parameter: 'first',
        message: 'first must be an integer from 1 to 100, got "abc".',
      },
      {
        name: 'first=2.5',
        path: () => `${principalPath(account.resizerRole)}/versions?first=2.5`,
        parameter: 'first',
        message: 'first must be an integer from 1 to 100, got "2.5".',
      },
      {
        name: 'after=garbage',
        path: () => `${principalPath(account.resizerRole)}/versions?after=garbage!`,
        parameter: 'after',
        message:
          'after is not a valid cursor: "garbage!". Pass the cursor or endCursor value from a previous page of the same list.',
      },
      {
        name: 'n=0',
        path: () => `${principalPath(account.resizerRole)}/versions/0`,
        parameter: 'n',
        message: 'n must be a version number (an integer of 1 or more), got "0".',
      },
      {
        name: 'n=abc',
        path: () => `${principalPath(account.resizerRole)}/versions/abc`,
        parameter: 'n',
        message: 'n must be a version number (an integer of 1 or more), got "abc".',
      },
      {
        name: 'n=99999999999',
        path: () => `${principalPath(account.resizerRole)}/versions/99999999999`,
        parameter: 'n',
        message: 'n must be a version number (an integer of 1 or more), got "99999999999".',
      },
      {
        name: 'at=yesterday',
        path: () => `${principalPath(account.resizerRole)}/policy?at=yesterday`,
        parameter: 'at',
        message:
          'at must be an RFC 3339 date-time with a zone such as 2026-12-04T19:52:47Z, got "yesterday".',
      },
      {
        name: 'NUL in the ARN',
        path: () => '/v1/principals/a%00b',
        parameter: 'arn',
        message: 'arn must not contain NUL characters (U+0000).',
      },
      {
        name: 'NUL in the ARN of versions',
        path: () => '/v1/principals/a%00b/versions',
        parameter: 'arn',
        message: 'arn must not contain NUL characters (U+0000).',
      },
      {
        name: 'NUL in the ARN of a version',
        path: () => '/v1/principals/a%00b/versions/1',
        parameter: 'arn',
        message: 'arn must not contain NUL characters (U+0000).',
      },
      {
        name: 'NUL in the ARN of policy',
        path: () => '/v1/principals/a%00b/policy',
        parameter: 'arn',
        message: 'arn must not contain NUL characters (U+0000).',
      },
      {
        name: 'ARN longer than 2048 characters',
        path: () => `/v1/principals/${'a'.repeat(2049)}`,
        parameter: 'arn',
        message: 'arn must be at most 2048 characters long, got 2049.',
      },
      {
        name: 'NUL in search',
        path: () => '/v1/principals?search=%00',
        parameter: 'search',
        message: 'search must not contain NUL characters (U+0000).',
      },
      {
        name: 'search longer than 2048 characters',
        path: () => `/v1/principals?search=${'a'.repeat(2049)}`,
        parameter: 'search',
        message: 'search must be at most 2048 characters long, got 2049.',
      },
      {
        name: 'cursor whose ARN contains NUL',
        // base64url of "principal:" followed by NUL and "x"
        path: () => '/v1/principals?after=cHJpbmNpcGFsOgB4',
        parameter: 'after',
        message:
          'after is not a valid cursor: "cHJpbmNpcGFsOgB4". Pass the cursor or endCursor value from a previous page of the same list.',
      },
      {
        name: 'NUL in type',
        path: () => `${principalPath(account.resizerRole)}/versions?type=%00`,
        parameter: 'type',
        message: 'type must be identity or resource, got "\\u0000".',
      },
      {
        name: 'repeated search',
        path: () => `/v1/principals?search=a&search=b`,
        parameter: 'search',
        message: 'search must be given at most once.',
      },
    ];

    it.each(cases)('returns 400 for $name', async ({ path, parameter, message }) => {
      const response = await get(path());

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message,
        parameter,
      });
    });

    it('returns 4xx for malformed percent-encoding', async () => {
      const response = await get('/v1/principals/arn%E0%A4%A/versions');

      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });
  });
});
