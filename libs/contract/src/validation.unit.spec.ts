import { describe, expect, it } from 'vitest';

import { validateEvaluationEvent } from './validation.js';

const valid = {
  id: 'event-1',
  time: '2026-12-01T10:00:00Z',
  source: 'canonical',
  principal: {
    arn: 'arn:aws:iam::123456789012:role/app',
    kind: 'role',
    sessionArn: 'arn:aws:sts::123456789012:assumed-role/app/session-1',
  },
  policyType: 'identity',
  attachTo: 'arn:aws:iam::123456789012:role/app',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::bucket/key:with:colons',
  decision: 'allow',
  request: { service: 's3', operation: 'GetObject', region: 'us-east-1', account: '123456789012' },
};

describe('validateEvaluationEvent', () => {
  it('accepts a complete event', () => {
    const result = validateEvaluationEvent(valid);

    expect(result.ok).toBe(true);
  });

  it('accepts a resource-based event with Principal and Condition', () => {
    const result = validateEvaluationEvent({
      ...valid,
      policyType: 'resource',
      attachTo: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:resize',
      resource: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:resize',
      principal: { arn: 's3.amazonaws.com', kind: 'service' },
      principalInStatement: { Service: ['s3.amazonaws.com'] },
      condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws-cn:s3:::uploads' } },
    });

    expect(result.ok).toBe(true);
  });

  it('accepts an upper-case service prefix and an STS session target', () => {
    const result = validateEvaluationEvent({
      ...valid,
      action: 'S3:getobject',
      attachTo: 'arn:aws:sts::123456789012:assumed-role/app/session-1',
    });

    expect(result.ok).toBe(true);
  });

  const invalid: Array<{
    name: string;
    change: Record<string, unknown>;
    field: string;
    error: RegExp;
  }> = [
    { name: 'missing id', change: { id: undefined }, field: 'id', error: /expected string/ },
    {
      name: 'time without zone',
      change: { time: '2026-12-01 10:00' },
      field: 'time',
      error: /datetime/,
    },
    { name: 'unknown source', change: { source: 'syslog' }, field: 'source', error: /canonical/ },
    {
      name: 'wildcard action',
      change: { action: 's3:Get*' },
      field: 'action',
      error: /without wildcards/,
    },
    {
      name: 'resource not an ARN',
      change: { resource: 'bucket/key' },
      field: 'resource',
      error: /must be an ARN or "\*"/,
    },
    {
      name: 'principal not an ARN',
      change: { principal: { arn: 'app', kind: 'role' } },
      field: 'principal.arn',
      error: /service principal/,
    },
    {
      name: 'bad account id',
      change: { request: { ...valid.request, account: '12' } },
      field: 'request.account',
      error: /12-digit/,
    },
    { name: 'unknown field', change: { extra: true }, field: '(record)', error: /extra/ },
    {
      name: 'Principal on an identity event',
      change: { principalInStatement: { Service: 's3.amazonaws.com' } },
      field: 'principalInStatement',
      error: /only allowed when policyType is "resource"/,
    },
    {
      name: 'unknown decision',
      change: { decision: 'maybe' },
      field: 'decision',
      error: /implicit-deny/,
    },
    {
      name: 'NUL character',
      change: { resource: 'arn:aws:s3:::bucket/k\u0000x' },
      field: 'resource',
      error: /must not contain NUL characters/,
    },
    {
      name: 'unpaired surrogate',
      change: { request: { ...valid.request, operation: 'Get\ud800' } },
      field: 'request.operation',
      error: /unpaired UTF-16 surrogates/,
    },
    {
      name: 'over-long ARN',
      change: { attachTo: `arn:aws:iam::123456789012:role/${'r'.repeat(4000)}` },
      field: 'attachTo',
      error: /2048/,
    },
    { name: 'year 0', change: { time: '0000-01-01T00:00:00Z' }, field: 'time', error: /1970/ },
    {
      name: 'identity policy on a bucket',
      change: { attachTo: 'arn:aws:s3:::bucket' },
      field: 'attachTo',
      error: /IAM root, user, group or role/,
    },
    {
      name: 'malformed session ARN',
      change: { attachTo: 'arn:aws:sts::123456789012:assumed-role/app' },
      field: 'attachTo',
      error: /IAM root, user, group or role/,
    },
    {
      name: 'oversized record',
      change: {
        condition: {
          StringEquals: { 'aws:TagKeys': Array.from({ length: 100 }, () => 'x'.repeat(1000)) },
        },
      },
      field: '(record)',
      error: /larger than 65536/,
    },
  ];

  it.each(invalid)('rejects $name naming the field', ({ change, field, error }) => {
    const result = validateEvaluationEvent({ ...valid, ...change });

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]?.field).toBe(field);
      expect(result.errors[0]?.error).toMatch(error);
    }
  });
});
