import { describe, expect, it } from 'vitest';

import { expandPolicy, expandStatementActions, fullActionName, grantKey } from './expansion.js';
import { TEST_CATALOG } from './expansion.test-catalog.js';
import type { Policy, Statement } from './policy.js';

const BUCKET = 'arn:aws:s3:::bucket';
const QUEUE = 'arn:aws:sqs:eu-west-1:123456789012:jobs';
const ROLE = 'arn:aws:iam::123456789012:role/app';

function statement(fields: Partial<Statement>, index = 0): Statement {
  return { index, effect: 'Allow', conditions: [], ...fields };
}

function policyOf(...statements: Partial<Statement>[]): Policy {
  return {
    version: '2012-10-17',
    statements: statements.map((fields, index) => statement(fields, index)),
  };
}

function actionNames(fields: Partial<Statement>): string[] {
  return expandStatementActions(statement(fields), TEST_CATALOG).map(fullActionName);
}

function allowed(...statements: Partial<Statement>[]): string[] {
  return [...expandPolicy(policyOf(...statements), TEST_CATALOG).allowed];
}

describe('expandStatementActions', () => {
  it('expands a service wildcard', () => {
    expect(actionNames({ action: ['sqs:*'] })).toEqual([
      'sqs:ListQueues',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ]);
  });

  it('expands a prefix wildcard', () => {
    expect(actionNames({ action: ['s3:Get*'] })).toEqual([
      's3:GetBucketLocation',
      's3:GetObject',
      's3:GetObjectAcl',
    ]);
  });

  it('matches ? as one character', () => {
    expect(actionNames({ action: ['iam:?etRole'] })).toEqual(['iam:GetRole']);
    expect(actionNames({ action: ['iam:?Role'] })).toEqual([]);
  });

  it('matches case-insensitively', () => {
    expect(actionNames({ action: ['S3:getobject'] })).toEqual(['s3:GetObject']);
  });

  it('expands * to the whole catalog', () => {
    expect(actionNames({ action: ['*'] })).toHaveLength(TEST_CATALOG.allActions().length);
  });

  it('expands a wildcard service prefix', () => {
    expect(actionNames({ action: ['s?s:Send*'] })).toEqual(['sqs:SendMessage']);
  });

  it('merges overlapping patterns once', () => {
    expect(actionNames({ action: ['s3:GetObject*', 's3:*Acl'] })).toEqual([
      's3:GetObject',
      's3:GetObjectAcl',
    ]);
  });

  it('complements NotAction', () => {
    const names = actionNames({ notAction: ['s3:*', 'sqs:*'] });

    expect(names).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'iam:GetRole', 'iam:PassRole']);
  });

  it('yields nothing for unknown actions', () => {
    expect(actionNames({ action: ['s3:GetObjectt', 'nosuch:*'] })).toEqual([]);
  });
});

describe('expandPolicy', () => {
  it('pairs actions with resource patterns', () => {
    expect(
      allowed({ action: ['s3:GetObject', 's3:PutObject'], resource: [`${BUCKET}/*`] }),
    ).toEqual([`s3:GetObject ${BUCKET}/*`, `s3:PutObject ${BUCKET}/*`]);
  });

  it('records the catalog version', () => {
    expect(expandPolicy(policyOf(), TEST_CATALOG).catalogVersion).toBe('test-1');
  });

  it('skips patterns of other services', () => {
    expect(allowed({ action: ['*'], resource: [`${BUCKET}/*`] })).toEqual([
      `s3:DeleteObject ${BUCKET}/*`,
      `s3:GetBucketLocation ${BUCKET}/*`,
      `s3:GetObject ${BUCKET}/*`,
      `s3:GetObjectAcl ${BUCKET}/*`,
      `s3:ListBucket ${BUCKET}/*`,
      `s3:PutObject ${BUCKET}/*`,
    ]);
  });

  it('gives wildcard-only actions *', () => {
    expect(allowed({ action: ['s3:List*'], resource: ['*'] })).toEqual([
      's3:ListAllMyBuckets *',
      's3:ListBucket *',
    ]);
  });

  it('drops wildcard-only actions on ARNs', () => {
    expect(allowed({ action: ['s3:ListAllMyBuckets'], resource: ['arn:aws:s3:::*'] })).toEqual([]);
  });

  it('drops grants another pattern covers', () => {
    const expansion = expandPolicy(
      policyOf(
        { action: ['s3:GetObject'], resource: [`${BUCKET}/a.txt`, `${BUCKET}/reports/*`] },
        { action: ['s3:GetObject'], resource: [`${BUCKET}/*`] },
      ),
      TEST_CATALOG,
    );

    expect([...expansion.allowed]).toEqual([`s3:GetObject ${BUCKET}/*`]);
    expect(expansion.statementsByGrant.get(`s3:GetObject ${BUCKET}/*`)).toEqual([0, 1]);
  });

  it('keeps the smaller of equal patterns', () => {
    expect(
      allowed({ action: ['s3:GetObject'], resource: [`${BUCKET}/*?`, `${BUCKET}/?*`] }),
    ).toEqual([`s3:GetObject ${BUCKET}/*?`]);
  });

  it('keys scoped grants with their scope', () => {
    const [key] = allowed({
      action: ['sqs:SendMessage'],
      resource: [QUEUE],
      principal: { AWS: [ROLE, ROLE] },
      conditions: [
        {
          operator: 'Bool',
          baseOperator: 'Bool',
          ifExists: false,
          key: 'aws:SecureTransport',
          values: ['true'],
        },
      ],
    });

    expect(key).toBe(
      `sqs:SendMessage ${QUEUE} ` +
        `{"condition":{"Bool":{"aws:SecureTransport":["true"]}},"principal":{"AWS":["${ROLE}"]}}`,
    );
  });

  it('expands NotResource per action', () => {
    const expansion = expandPolicy(
      policyOf({
        action: ['s3:GetObject', 'sqs:SendMessage'],
        notResource: [`${BUCKET}/secret/*`],
      }),
      TEST_CATALOG,
    );

    expect([...expansion.grants.values()]).toEqual([
      { action: 's3:GetObject', resource: '*', notResource: [`${BUCKET}/secret/*`] },
      { action: 'sqs:SendMessage', resource: '*' },
    ]);
  });

  it('lists unmatched action patterns', () => {
    const expansion = expandPolicy(
      policyOf({ action: ['s3:GetObject', 's3:Gett*'], resource: ['*'] }),
      TEST_CATALOG,
    );

    expect(expansion.unmatchedActionPatterns).toEqual(['s3:Gett*']);
  });
});

describe('expandPolicy with Deny', () => {
  const allowObjects = { action: ['s3:GetObject', 's3:PutObject'], resource: [`${BUCKET}/*`] };

  it('removes fully denied grants', () => {
    const expansion = expandPolicy(
      policyOf(allowObjects, { effect: 'Deny', action: ['s3:Put*'], resource: ['*'] }),
      TEST_CATALOG,
    );

    expect([...expansion.allowed]).toEqual([`s3:GetObject ${BUCKET}/*`]);
    expect([...expansion.removedByDeny]).toEqual([`s3:PutObject ${BUCKET}/*`]);
    expect([...expansion.denied]).toEqual(['s3:PutObject *']);
  });

  it('ignores disjoint denies', () => {
    expect(
      allowed(allowObjects, {
        effect: 'Deny',
        action: ['s3:GetObject'],
        resource: ['arn:aws:s3:::other/*'],
      }),
    ).toEqual([`s3:GetObject ${BUCKET}/*`, `s3:PutObject ${BUCKET}/*`]);
  });

  it('attaches partial denies as exceptions', () => {
    const expansion = expandPolicy(
      policyOf(allowObjects, {
        effect: 'Deny',
        action: ['s3:GetObject'],
        resource: [`${BUCKET}/secret/*`, 'arn:aws:s3:::other/*'],
      }),
      TEST_CATALOG,
    );

    expect([...expansion.grants.values()]).toEqual([
      {
        action: 's3:GetObject',
        resource: `${BUCKET}/*`,
        exceptions: [{ resource: [`${BUCKET}/secret/*`] }],
      },
      { action: 's3:PutObject', resource: `${BUCKET}/*` },
    ]);
  });

  it('keeps conditional denies as exceptions', () => {
    const condition = {
      operator: 'Bool',
      baseOperator: 'Bool',
      ifExists: false,
      key: 'aws:SecureTransport',
      values: ['false'],
    };
    const expansion = expandPolicy(
      policyOf(allowObjects, {
        effect: 'Deny',
        action: ['s3:*'],
        resource: ['*'],
        conditions: [condition],
      }),
      TEST_CATALOG,
    );

    for (const grant of expansion.grants.values()) {
      expect(grant.exceptions).toEqual([
        { resource: ['*'], condition: { Bool: { 'aws:SecureTransport': ['false'] } } },
      ]);
    }
    expect(expansion.grants.size).toBe(2);
  });

  it('removes grants outside NotResource', () => {
    expect(
      allowed(allowObjects, {
        effect: 'Deny',
        action: ['s3:GetObject'],
        notResource: ['arn:aws:s3:::other/*'],
      }),
    ).toEqual([`s3:PutObject ${BUCKET}/*`]);
  });

  it('ignores denies whose NotResource covers the grant', () => {
    expect(
      allowed(allowObjects, {
        effect: 'Deny',
        action: ['s3:GetObject'],
        notResource: ['arn:aws:s3:::*'],
      }),
    ).toEqual([`s3:GetObject ${BUCKET}/*`, `s3:PutObject ${BUCKET}/*`]);
  });

  it('decides wildcard-only actions exactly', () => {
    expect(
      allowed(
        { action: ['s3:ListAllMyBuckets', 'sqs:ListQueues'], resource: ['*'] },
        { effect: 'Deny', action: ['s3:ListAllMyBuckets'], resource: [`${BUCKET}/*`] },
        { effect: 'Deny', action: ['sqs:ListQueues'], resource: ['*'] },
      ),
    ).toEqual(['s3:ListAllMyBuckets *']);
  });

  it('compares principals of resource policies', () => {
    const other = 'arn:aws:iam::123456789012:role/other';
    const grant = { action: ['s3:GetObject'], resource: [`${BUCKET}/*`] };

    const sameRole = allowed(
      { ...grant, principal: { AWS: [ROLE] } },
      { ...grant, effect: 'Deny', principal: { AWS: [ROLE, other] } },
    );
    const otherRole = allowed(
      { ...grant, principal: { AWS: [ROLE] } },
      { ...grant, effect: 'Deny', principal: { AWS: [other] } },
    );
    const account = expandPolicy(
      policyOf(
        { ...grant, principal: { AWS: [ROLE] } },
        { ...grant, effect: 'Deny', principal: { AWS: ['123456789012'] } },
      ),
      TEST_CATALOG,
    );
    const everyone = allowed(
      { ...grant, principal: { AWS: [ROLE] } },
      { ...grant, effect: 'Deny', principal: '*' },
    );

    expect(sameRole).toEqual([]);
    expect(otherRole).toEqual([`s3:GetObject ${BUCKET}/* {"principal":{"AWS":["${ROLE}"]}}`]);
    expect([...account.grants.values()][0]?.exceptions).toEqual([
      { resource: [`${BUCKET}/*`], principal: { AWS: ['123456789012'] } },
    ]);
    expect(everyone).toEqual([]);
  });
});

describe('grantKey', () => {
  it('writes plain grants as two words', () => {
    expect(grantKey({ action: 's3:GetObject', resource: BUCKET })).toBe(`s3:GetObject ${BUCKET}`);
  });
});
