import { describe, expect, it } from 'vitest';

import { synthesisePolicyDocument } from './document.js';
import { matchResource } from './engine/matching.js';
import { unescapeResourceLiteral } from './engine/resource-literal.js';
import { isInvalidPermissionError } from './errors.js';
import type { Permission } from './permission.js';
import { allowedPairs } from './testing/allowed-pairs.js';

const BUCKET = 'arn:aws:s3:::bucket';
const QUEUE = 'arn:aws:sqs:eu-west-1:123456789012:jobs';
const ROLE = 'arn:aws:iam::123456789012:role/app';

function withoutSid(permissions: Permission[], policyType: 'identity' | 'resource' = 'identity') {
  return synthesisePolicyDocument(policyType, permissions).Statement.map(
    ({ Sid: _sid, ...statement }) => statement,
  );
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }

  return undefined;
}

describe('synthesisePolicyDocument', () => {
  it('writes an empty statement list', () => {
    expect(synthesisePolicyDocument('identity', [])).toEqual({
      Version: '2012-10-17',
      Statement: [],
    });
  });

  it('groups actions with identical resources', () => {
    const statements = withoutSid([
      { action: 's3:PutObject', resource: `${BUCKET}/a` },
      { action: 's3:GetObject', resource: `${BUCKET}/b` },
      { action: 's3:GetObject', resource: `${BUCKET}/a` },
      { action: 's3:PutObject', resource: `${BUCKET}/b` },
      { action: 'sqs:SendMessage', resource: QUEUE },
    ]);

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: [`${BUCKET}/a`, `${BUCKET}/b`],
      },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [QUEUE] },
    ]);
  });

  it('splits actions with different resources', () => {
    const statements = withoutSid([
      { action: 's3:GetObject', resource: `${BUCKET}/a` },
      { action: 's3:GetObject', resource: `${BUCKET}/b` },
      { action: 's3:PutObject', resource: `${BUCKET}/a` },
    ]);

    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${BUCKET}/a`, `${BUCKET}/b`] },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`${BUCKET}/a`] },
    ]);
  });

  it('allows exactly the input tuples', () => {
    const permissions: Permission[] = [
      { action: 's3:GetObject', resource: `${BUCKET}/a` },
      { action: 's3:GetObject', resource: `${BUCKET}/b` },
      { action: 's3:PutObject', resource: `${BUCKET}/a` },
      { action: 'sqs:SendMessage', resource: QUEUE },
    ];

    const pairs = allowedPairs(synthesisePolicyDocument('identity', permissions));

    expect(pairs).toHaveLength(permissions.length);
    expect(pairs).toEqual(expect.arrayContaining(permissions));
  });

  it('merges repeated permissions', () => {
    const permission = { action: 's3:GetObject', resource: `${BUCKET}/a` };

    const document = synthesisePolicyDocument('identity', [permission, { ...permission }]);

    expect(allowedPairs(document)).toEqual([permission]);
  });

  it('ignores input order', () => {
    const permissions: Permission[] = [
      { action: 's3:PutObject', resource: `${BUCKET}/b` },
      {
        action: 'sqs:SendMessage',
        resource: QUEUE,
        condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
      { action: 's3:GetObject', resource: `${BUCKET}/a` },
      { action: 's3:GetObject', resource: `${BUCKET}/b` },
    ];

    const forward = synthesisePolicyDocument('identity', permissions);
    const reversed = synthesisePolicyDocument('identity', permissions.toReversed());

    expect(JSON.stringify(reversed)).toBe(JSON.stringify(forward));
  });

  it('uses the smallest action spelling', () => {
    const spellings = ['s3:getObject', 's3:GetObject', 's3:GETOBJECT'];

    for (const first of spellings) {
      const permissions = [first, ...spellings].map((action) => ({ action, resource: BUCKET }));
      const document = synthesisePolicyDocument('identity', permissions);

      expect(document.Statement).toHaveLength(1);
      expect(document.Statement[0]?.Action).toEqual(['s3:GETOBJECT']);
    }
  });

  it('keeps conditions on identity statements', () => {
    const statements = withoutSid([
      { action: 's3:GetObject', resource: BUCKET },
      {
        action: 's3:GetObject',
        resource: BUCKET,
        condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
      },
    ]);

    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [BUCKET] },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [BUCKET],
        Condition: { StringEquals: { 'aws:SourceVpc': ['vpc-1'] } },
      },
    ]);
  });

  it('groups resource statements by principal and condition', () => {
    const secure = { Bool: { 'aws:SecureTransport': 'true' } };
    const statements = withoutSid(
      [
        { action: 's3:GetObject', resource: `${BUCKET}/a.txt`, principal: { AWS: ROLE } },
        { action: 's3:ListBucket', resource: BUCKET, principal: { AWS: [ROLE] } },
        { action: 's3:PutObject', resource: `${BUCKET}/a.txt`, principal: { AWS: ROLE } },
        {
          action: 's3:GetObject',
          resource: `${BUCKET}/a.txt`,
          principal: { Service: 'cloudfront.amazonaws.com' },
          condition: secure,
        },
        { action: 's3:GetObject', resource: `${BUCKET}/public/index.html`, principal: '*' },
      ],
      'resource',
    );

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject'],
        Resource: [`${BUCKET}/public/index.html`],
      },
      {
        Effect: 'Allow',
        Principal: { AWS: [ROLE] },
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: [`${BUCKET}/a.txt`],
      },
      {
        Effect: 'Allow',
        Principal: { AWS: [ROLE] },
        Action: ['s3:ListBucket'],
        Resource: [BUCKET],
      },
      {
        Effect: 'Allow',
        Principal: { Service: ['cloudfront.amazonaws.com'] },
        Action: ['s3:GetObject'],
        Resource: [`${BUCKET}/a.txt`],
        Condition: { Bool: { 'aws:SecureTransport': ['true'] } },
      },
    ]);
  });

  it('orders statement keys like IAM examples', () => {
    const document = synthesisePolicyDocument('resource', [
      {
        action: 's3:GetObject',
        resource: BUCKET,
        principal: '*',
        condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    ]);

    expect(Object.keys(document)).toEqual(['Version', 'Statement']);
    expect(Object.keys(document.Statement[0] ?? {})).toEqual([
      'Sid',
      'Effect',
      'Principal',
      'Action',
      'Resource',
      'Condition',
    ]);
  });

  it('derives Sid from statement content', () => {
    const get = { action: 's3:GetObject', resource: BUCKET };
    const send = { action: 'sqs:SendMessage', resource: QUEUE };
    const sendElsewhere = { action: 'sqs:SendMessage', resource: `${QUEUE}-dlq` };

    const small = synthesisePolicyDocument('identity', [get, send]);
    const again = synthesisePolicyDocument('identity', [send, get]);
    const larger = synthesisePolicyDocument('identity', [get, send, sendElsewhere]);

    const sids = small.Statement.map((statement) => statement.Sid);
    expect(sids).toHaveLength(2);
    expect(new Set(sids).size).toBe(2);
    sids.forEach((sid) => expect(sid).toMatch(/^[0-9a-f]{16}$/));
    expect(again.Statement.map((statement) => statement.Sid)).toEqual(sids);
    expect(larger.Statement.map((statement) => statement.Sid)).toContain(sids[0]);
    expect(larger.Statement.map((statement) => statement.Sid)).not.toContain(sids[1]);
  });

  it('rejects a principal in identity policies', () => {
    const error = caught(() =>
      synthesisePolicyDocument('identity', [
        { action: 's3:GetObject', resource: BUCKET, principal: '*' },
      ]),
    );

    expect(isInvalidPermissionError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_PERMISSION' });
  });

  it('rejects resource permissions without principal', () => {
    const error = caught(() =>
      synthesisePolicyDocument('resource', [{ action: 's3:GetObject', resource: BUCKET }]),
    );

    expect(isInvalidPermissionError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'INVALID_PERMISSION',
      permission: { action: 's3:GetObject', resource: BUCKET },
    });
  });
});

describe('synthesisePolicyDocument resource escaping', () => {
  it.each([
    ['star', `${BUCKET}/*`, `${BUCKET}/\${*}`],
    ['star in a key', `${BUCKET}/c*.csv`, `${BUCKET}/c\${*}.csv`],
    ['question mark', `${BUCKET}/a?b/c`, `${BUCKET}/a\${?}b/c`],
    ['dollar', `${BUCKET}/price$`, `${BUCKET}/price\${$}`],
    [
      'policy variable',
      `${BUCKET}/home/\${aws:username}/x`,
      `${BUCKET}/home/\${$}{aws:username}/x`,
    ],
    ['escape text', `${BUCKET}/\${*}`, `${BUCKET}/\${$}{\${*}}`],
    ['all three', `${BUCKET}/a*b?c$d`, `${BUCKET}/a\${*}b\${?}c\${$}d`],
    ['plain key', `${BUCKET}/a.txt`, `${BUCKET}/a.txt`],
    ['no resource type', '*', '*'],
  ])('writes %s as literal text', (_name, observed, written) => {
    const document = synthesisePolicyDocument('identity', [
      { action: 's3:GetObject', resource: observed },
    ]);

    expect(document.Statement[0]?.Resource).toEqual([written]);
    expect(unescapeResourceLiteral(written)).toBe(observed);
    expect(allowedPairs(document)).toEqual([{ action: 's3:GetObject', resource: observed }]);
  });

  it('matches only the observed ARN', () => {
    const observed = 'arn:aws:s3:::b/a*b?c$d';
    const document = synthesisePolicyDocument('identity', [
      { action: 's3:GetObject', resource: observed },
    ]);
    const [pattern] = document.Statement[0]?.Resource ?? [];

    expect(document.Version).toBe('2012-10-17');
    expect(pattern).toBe('arn:aws:s3:::b/a${*}b${?}c${$}d');
    expect(matchResource(pattern!, observed)).toBe('match');
    expect(matchResource(pattern!, 'arn:aws:s3:::b/aXXbYc$d')).toBe('no-match');
    expect(matchResource(pattern!, 'arn:aws:s3:::b/a*b?c$dX')).toBe('no-match');
  });

  it('matches a variable-named key literally', () => {
    const observed = 'arn:aws:s3:::b/home/${aws:username}/x';
    const document = synthesisePolicyDocument('identity', [
      { action: 's3:GetObject', resource: observed },
    ]);
    const [pattern] = document.Statement[0]?.Resource ?? [];
    const context = { 'aws:username': 'alice' };

    expect(matchResource(pattern!, observed, context)).toBe('match');
    expect(matchResource(pattern!, 'arn:aws:s3:::b/home/alice/x', context)).toBe('no-match');
  });
});
