import { describe, expect, it } from 'vitest';

import { diffPolicies } from './diff.js';
import { isPolicyGrammarError } from './errors.js';
import { TEST_CATALOG } from './expansion.test-catalog.js';
import { parsePolicy } from './grammar.js';

const BUCKET = 'arn:aws:s3:::bucket';
const QUEUE = 'arn:aws:sqs:eu-west-1:123456789012:jobs';

function documentOf(...statements: Record<string, unknown>[]) {
  return { Version: '2012-10-17', Statement: statements };
}

const merged = documentOf(
  {
    Sid: 'Objects',
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: [`${BUCKET}/*`],
  },
  { Sid: 'Queue', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE },
);

describe('diffPolicies', () => {
  it('finds nothing between equal policies', () => {
    const diff = diffPolicies(merged, merged, TEST_CATALOG);

    expect(diff).toEqual({
      catalogVersion: 'test-1',
      equivalent: true,
      added: [],
      removed: [],
      statements: { added: [], removed: [], changed: [] },
    });
  });

  it('ignores a different layout', () => {
    const split = documentOf(
      { Effect: 'Allow', Action: 'sqs:sendmessage', Resource: [QUEUE] },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: `${BUCKET}/*` },
      { Effect: 'Allow', Action: 's3:Get?bject', Resource: [`${BUCKET}/*`, `${BUCKET}/a.txt`] },
    );

    const diff = diffPolicies(merged, split, TEST_CATALOG);

    expect(diff.equivalent).toBe(true);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.statements.removed.map(({ sid }) => sid)).toEqual(['Objects']);
    expect(diff.statements.added.map(({ index }) => index)).toEqual([1, 2]);
  });

  it('lists added and removed grants', () => {
    const after = documentOf(
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteObject'], Resource: `${BUCKET}/*` },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE },
    );

    const diff = diffPolicies(merged, after, TEST_CATALOG);

    expect(diff.equivalent).toBe(false);
    expect(diff.added).toEqual([{ action: 's3:DeleteObject', resource: `${BUCKET}/*` }]);
    expect(diff.removed).toEqual([{ action: 's3:PutObject', resource: `${BUCKET}/*` }]);
  });

  it('subtracts a full Deny', () => {
    const after = documentOf(...merged.Statement, {
      Effect: 'Deny',
      Action: 's3:Put*',
      Resource: '*',
    });

    const diff = diffPolicies(merged, after, TEST_CATALOG);

    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([{ action: 's3:PutObject', resource: `${BUCKET}/*` }]);
    expect(diff.statements.added.map(({ effect }) => effect)).toEqual(['Deny']);
  });

  it('shows a partial Deny as an exception', () => {
    const after = documentOf(...merged.Statement, {
      Effect: 'Deny',
      Action: 's3:GetObject',
      Resource: `${BUCKET}/secret/*`,
    });

    const diff = diffPolicies(merged, after, TEST_CATALOG);

    expect(diff.removed).toEqual([{ action: 's3:GetObject', resource: `${BUCKET}/*` }]);
    expect(diff.added).toEqual([
      {
        action: 's3:GetObject',
        resource: `${BUCKET}/*`,
        exceptions: [{ resource: [`${BUCKET}/secret/*`] }],
      },
    ]);
  });

  it('pairs changed statements by Sid', () => {
    const after = documentOf(
      { Sid: 'Objects', Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
      { Sid: 'Queue', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [QUEUE] },
    );

    const diff = diffPolicies(merged, after, TEST_CATALOG);

    expect(diff.statements.added).toEqual([]);
    expect(diff.statements.removed).toEqual([]);
    expect(diff.statements.changed).toHaveLength(1);
    expect(diff.statements.changed[0]).toMatchObject({
      before: { sid: 'Objects' },
      after: { sid: 'Objects' },
      added: [],
      removed: [{ action: 's3:PutObject', resource: `${BUCKET}/*` }],
    });
  });

  it('reports changed Deny grants', () => {
    const before = documentOf({
      Sid: 'Guard',
      Effect: 'Deny',
      Action: 's3:PutObject',
      Resource: '*',
    });
    const after = documentOf({ Sid: 'Guard', Effect: 'Deny', Action: 's3:*Object', Resource: '*' });

    const [change] = diffPolicies(before, after, TEST_CATALOG).statements.changed;

    expect(change?.added.map(({ action }) => action)).toEqual(['s3:DeleteObject', 's3:GetObject']);
    expect(change?.removed).toEqual([]);
  });

  it('accepts parsed policies and JSON text', () => {
    const diff = diffPolicies(parsePolicy(merged), JSON.stringify(merged), TEST_CATALOG);

    expect(diff.equivalent).toBe(true);
  });

  it('rejects invalid documents', () => {
    let error: unknown;
    try {
      diffPolicies(merged, { Statement: [{ Effect: 'Permit' }] }, TEST_CATALOG);
    } catch (caught) {
      error = caught;
    }

    expect(isPolicyGrammarError(error)).toBe(true);
  });
});
