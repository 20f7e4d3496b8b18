import { describe, expect, it } from 'vitest';

import { synthesisePolicy, synthesisePolicyDocument } from '../document.js';
import type { Permission } from '../permission.js';

import { TEST_CATALOG } from './expansion.test-catalog.js';
import { isInvalidSynthesisOptionsError, type SynthesisOptions } from './generalisation.js';
import { parentPatternOf } from './generalisation-parent.js';

const BUCKET = 'arn:aws:s3:::bucket';
const QUEUE_PREFIX = 'arn:aws:sqs:eu-west-1:123456789012';
const ROLE = 'arn:aws:iam::123456789012:role/app';

function objects(action: string, count: number, bucket = BUCKET): Permission[] {
  return Array.from({ length: count }, (_value, index) => ({
    action,
    resource: `${bucket}/reports/${index}.csv`,
  }));
}

function statements(permissions: Permission[], options?: SynthesisOptions) {
  return synthesisePolicyDocument('identity', permissions, options).Statement.map(
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

const wildcard = (threshold: number): SynthesisOptions => ({
  generalisation: { strategy: 'wildcard-per-resource-type', threshold },
  catalog: TEST_CATALOG,
});

describe('synthesisePolicy exact', () => {
  it('matches the document without options', () => {
    const permissions = [
      ...objects('s3:GetObject', 3),
      { action: 's3:ListBucket', resource: BUCKET },
    ];

    const { document, generalisation } = synthesisePolicy('identity', permissions);

    expect(document).toEqual(synthesisePolicyDocument('identity', permissions));
    expect(generalisation).toEqual({ strategy: 'exact', replacements: [], unknownActions: [] });
  });

  it('writes * for wildcard-only actions', () => {
    const { document, generalisation } = synthesisePolicy(
      'identity',
      [
        { action: 's3:ListAllMyBuckets', resource: 'arn:aws:s3:::a' },
        { action: 's3:ListAllMyBuckets', resource: 'arn:aws:s3:::b' },
        { action: 's3:GetObject', resource: `${BUCKET}/a` },
      ],
      { catalog: TEST_CATALOG },
    );

    expect(document.Statement.map(({ Action, Resource }) => ({ Action, Resource }))).toEqual([
      { Action: ['s3:GetObject'], Resource: [`${BUCKET}/a`] },
      { Action: ['s3:ListAllMyBuckets'], Resource: ['*'] },
    ]);
    expect(generalisation).toEqual({
      strategy: 'exact',
      catalogVersion: 'test-1',
      replacements: [
        {
          action: 's3:ListAllMyBuckets',
          pattern: '*',
          replaces: ['arn:aws:s3:::a', 'arn:aws:s3:::b'],
          reason: 'no-resource-level-permissions',
        },
      ],
      unknownActions: [],
    });
  });

  it('lists actions the catalog lacks', () => {
    const { document, generalisation } = synthesisePolicy(
      'identity',
      [{ action: 's3:MadeUp', resource: `${BUCKET}/a` }],
      { catalog: TEST_CATALOG },
    );

    expect(document.Statement[0]?.Resource).toEqual([`${BUCKET}/a`]);
    expect(generalisation.unknownActions).toEqual(['s3:MadeUp']);
  });
});

describe('synthesisePolicy wildcard-per-resource-type', () => {
  it('keeps parents at the threshold', () => {
    expect(statements(objects('s3:GetObject', 3), wildcard(3))).toEqual(
      statements(objects('s3:GetObject', 3)),
    );
  });

  it('widens parents above the threshold', () => {
    const permissions = [
      ...objects('s3:GetObject', 4),
      ...objects('s3:GetObject', 1, 'arn:aws:s3:::other'),
    ];

    const { document, generalisation } = synthesisePolicy('identity', permissions, wildcard(3));

    expect(document.Statement.map(({ Resource }) => Resource)).toEqual([
      ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::other/reports/0.csv'],
    ]);
    expect(generalisation.strategy).toBe('wildcard-per-resource-type');
    expect(generalisation.threshold).toBe(3);
    expect(generalisation.replacements).toEqual([
      {
        action: 's3:GetObject',
        pattern: `${BUCKET}/*`,
        replaces: objects('s3:GetObject', 4).map(({ resource }) => resource),
        reason: 'threshold-exceeded',
        resourceType: 'object',
      },
    ]);
  });

  it('counts children per action', () => {
    const permissions = [...objects('s3:GetObject', 2), ...objects('s3:PutObject', 3).slice(1)];

    const document = synthesisePolicyDocument('identity', permissions, wildcard(2));

    expect(document.Statement.map(({ Action, Resource }) => ({ Action, Resource }))).toEqual([
      {
        Action: ['s3:GetObject'],
        Resource: [`${BUCKET}/reports/0.csv`, `${BUCKET}/reports/1.csv`],
      },
      {
        Action: ['s3:PutObject'],
        Resource: [`${BUCKET}/reports/1.csv`, `${BUCKET}/reports/2.csv`],
      },
    ]);
  });

  it('replaces covered patterns', () => {
    const permissions = [
      ...objects('s3:GetObject', 2),
      { action: 's3:GetObject', resource: `${BUCKET}/tmp/*` },
    ];

    const { document, generalisation } = synthesisePolicy('identity', permissions, wildcard(1));

    expect(document.Statement[0]?.Resource).toEqual([`${BUCKET}/*`]);
    expect(generalisation.replacements[0]?.replaces).toContain(`${BUCKET}/tmp/*`);
  });

  it('keeps principals in the evidence', () => {
    const permissions = ['a', 'b'].map((name) => ({
      action: 'sqs:SendMessage',
      resource: `${QUEUE_PREFIX}:${name}`,
      principal: { AWS: ROLE },
    }));

    const { document, generalisation } = synthesisePolicy('resource', permissions, wildcard(1));

    expect(document.Statement[0]?.Resource).toEqual([`${QUEUE_PREFIX}:*`]);
    expect(generalisation.replacements).toEqual([
      {
        action: 'sqs:SendMessage',
        pattern: `${QUEUE_PREFIX}:*`,
        replaces: [`${QUEUE_PREFIX}:a`, `${QUEUE_PREFIX}:b`],
        reason: 'threshold-exceeded',
        resourceType: 'queue',
        principal: { AWS: [ROLE] },
      },
    ]);
  });

  it('escapes keys below the threshold', () => {
    const permissions = ['a*.csv', 'b?.csv'].map((key) => ({
      action: 's3:GetObject',
      resource: `${BUCKET}/${key}`,
    }));

    const { document, generalisation } = synthesisePolicy('identity', permissions, wildcard(2));

    expect(document.Statement[0]?.Resource).toEqual([
      `${BUCKET}/a\${*}.csv`,
      `${BUCKET}/b\${?}.csv`,
    ]);
    expect(generalisation.replacements).toEqual([]);
  });

  it('widens escaped keys with an unescaped parent', () => {
    const permissions = ['a*.csv', 'b?.csv', '*', '$'].map((key) => ({
      action: 's3:GetObject',
      resource: `${BUCKET}/${key}`,
    }));

    const { document, generalisation } = synthesisePolicy('identity', permissions, wildcard(3));

    expect(document.Statement[0]?.Resource).toEqual([`${BUCKET}/*`]);
    expect(generalisation.replacements[0]?.pattern).toBe(`${BUCKET}/*`);
    expect(generalisation.replacements[0]?.replaces).toEqual(
      ['$', '*', 'a*.csv', 'b?.csv'].map((key) => `${BUCKET}/${key}`),
    );
  });

  it('uses ARN text without a catalog', () => {
    const permissions = objects('s3:GetObject', 2);

    const { document, generalisation } = synthesisePolicy('identity', permissions, {
      generalisation: { strategy: 'wildcard-per-resource-type', threshold: 1 },
    });

    expect(document.Statement[0]?.Resource).toEqual([`${BUCKET}/reports/*`]);
    expect(generalisation.catalogVersion).toBeUndefined();
    expect(generalisation.replacements[0]?.resourceType).toBeUndefined();
  });

  it('rejects invalid thresholds', () => {
    for (const threshold of [-1, 1.5, Number.NaN]) {
      const error = caught(() =>
        synthesisePolicyDocument('identity', [], {
          generalisation: { strategy: 'wildcard-per-resource-type', threshold },
        }),
      );

      expect(isInvalidSynthesisOptionsError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_SYNTHESIS_OPTIONS' });
    }
  });

  it('rejects unknown strategies', () => {
    const error = caught(() =>
      synthesisePolicyDocument('identity', [], {
        generalisation: 'per-account' as SynthesisOptions['generalisation'],
      }),
    );

    expect(isInvalidSynthesisOptionsError(error)).toBe(true);
  });
});

describe('synthesisePolicy service-level', () => {
  it('writes * for every action', () => {
    const permissions = [
      ...objects('s3:GetObject', 2),
      { action: 'sqs:SendMessage', resource: `${QUEUE_PREFIX}:jobs` },
      { action: 'sqs:SendMessage', resource: '*' },
    ];

    const { document, generalisation } = synthesisePolicy('identity', permissions, {
      generalisation: 'service-level',
    });

    expect(document.Statement.map(({ Action, Resource }) => ({ Action, Resource }))).toEqual([
      { Action: ['s3:GetObject', 'sqs:SendMessage'], Resource: ['*'] },
    ]);
    expect(generalisation.replacements.map(({ action, reason }) => ({ action, reason }))).toEqual([
      { action: 's3:GetObject', reason: 'service-level' },
      { action: 'sqs:SendMessage', reason: 'service-level' },
    ]);
    expect(generalisation.replacements[1]?.replaces).toEqual([`${QUEUE_PREFIX}:jobs`]);
  });

  it('ignores input order', () => {
    const permissions = [...objects('s3:GetObject', 5), ...objects('s3:PutObject', 2)];

    const forward = synthesisePolicy('identity', permissions, wildcard(2));
    const reversed = synthesisePolicy('identity', permissions.toReversed(), wildcard(2));

    expect(JSON.stringify(reversed)).toBe(JSON.stringify(forward));
  });
});

describe('parentPatternOf', () => {
  const [getObject, query] = ['s3:GetObject', 'dynamodb:Query'].map((name) =>
    TEST_CATALOG.action(name),
  );

  it('keeps the bucket of an object', () => {
    expect(parentPatternOf(`${BUCKET}/a/b/c.txt`, getObject)).toEqual({
      pattern: `${BUCKET}/*`,
      resourceType: 'object',
    });
  });

  it('prefers the most specific format', () => {
    const index = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/by-date';

    expect(parentPatternOf(index, query)).toEqual({
      pattern: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*',
      resourceType: 'index',
    });
  });

  it('rejects ARNs of other types', () => {
    expect(parentPatternOf(`${QUEUE_PREFIX}:jobs`, getObject)).toBeUndefined();
  });

  it('cuts at the last separator without a catalog', () => {
    expect(parentPatternOf(`${QUEUE_PREFIX}:jobs`, undefined)).toEqual({
      pattern: `${QUEUE_PREFIX}:*`,
    });
    expect(parentPatternOf('not-an-arn', undefined)).toBeUndefined();
  });

  it('escapes the observed text of the parent', () => {
    expect(parentPatternOf(`${QUEUE_PREFIX}:jobs*/a?b`, undefined)).toEqual({
      pattern: `${QUEUE_PREFIX}:jobs\${*}/*`,
    });
    expect(parentPatternOf('arn:aws:s3:::b$1/a*b', getObject)).toEqual({
      pattern: 'arn:aws:s3:::b${$}1/*',
      resourceType: 'object',
    });
  });
});
