import { describe, expect, it } from 'vitest';

import {
  attachmentKind,
  normalisePrincipal,
  normaliseStatementPrincipal,
  statementPrincipalFor,
} from './principal.js';

const SESSION = 'arn:aws:sts::123456789012:assumed-role/app/botocore-session-1';

describe('normalisePrincipal', () => {
  it.each([
    {
      name: 'role session without issuer',
      input: SESSION,
      expected: {
        arn: 'arn:aws:iam::123456789012:role/app',
        kind: 'role',
        sessionArn: SESSION,
      },
    },
    {
      name: 'role session with path from issuer',
      input: SESSION,
      issuer: 'arn:aws:iam::123456789012:role/service-role/team/app',
      expected: {
        arn: 'arn:aws:iam::123456789012:role/service-role/team/app',
        kind: 'role',
        sessionArn: SESSION,
      },
    },
    {
      name: 'issuer with another role name',
      input: SESSION,
      issuer: 'arn:aws:iam::123456789012:role/team/other',
      expected: {
        arn: 'arn:aws:iam::123456789012:role/app',
        kind: 'role',
        sessionArn: SESSION,
      },
    },
    {
      name: 'issuer in another account',
      input: SESSION,
      issuer: 'arn:aws:iam::210987654321:role/team/app',
      expected: {
        arn: 'arn:aws:iam::123456789012:role/app',
        kind: 'role',
        sessionArn: SESSION,
      },
    },
    {
      name: 'issuer that is a user',
      input: SESSION,
      issuer: 'arn:aws:iam::123456789012:user/app',
      expected: {
        arn: 'arn:aws:iam::123456789012:role/app',
        kind: 'role',
        sessionArn: SESSION,
      },
    },
    {
      name: 'issuer that is not an ARN',
      input: SESSION,
      issuer: 'app',
      expected: {
        arn: 'arn:aws:iam::123456789012:role/app',
        kind: 'role',
        sessionArn: SESSION,
      },
    },
    {
      name: 'role session in aws-cn',
      input: 'arn:aws-cn:sts::123456789012:assumed-role/app/session',
      expected: {
        arn: 'arn:aws-cn:iam::123456789012:role/app',
        kind: 'role',
        sessionArn: 'arn:aws-cn:sts::123456789012:assumed-role/app/session',
      },
    },
    {
      name: 'issuer in another partition',
      input: 'arn:aws-us-gov:sts::123456789012:assumed-role/app/session',
      issuer: 'arn:aws:iam::123456789012:role/team/app',
      expected: {
        arn: 'arn:aws-us-gov:iam::123456789012:role/app',
        kind: 'role',
        sessionArn: 'arn:aws-us-gov:sts::123456789012:assumed-role/app/session',
      },
    },
    {
      name: 'session ARN without session name',
      input: 'arn:aws:sts::123456789012:assumed-role/app',
      expected: { arn: 'arn:aws:sts::123456789012:assumed-role/app', kind: 'other' },
    },
    {
      name: 'federated user',
      input: 'arn:aws:sts::123456789012:federated-user/alice',
      expected: { arn: 'arn:aws:sts::123456789012:federated-user/alice', kind: 'federated-user' },
    },
    {
      name: 'account root',
      input: 'arn:aws:iam::123456789012:root',
      expected: { arn: 'arn:aws:iam::123456789012:root', kind: 'root' },
    },
    {
      name: 'user with path',
      input: 'arn:aws:iam::123456789012:user/division/alice',
      expected: { arn: 'arn:aws:iam::123456789012:user/division/alice', kind: 'user' },
    },
    {
      name: 'role with path',
      input: 'arn:aws:iam::123456789012:role/service-role/app',
      expected: { arn: 'arn:aws:iam::123456789012:role/service-role/app', kind: 'role' },
    },
    {
      name: 'role with issuer',
      input: 'arn:aws:iam::123456789012:role/app',
      issuer: 'arn:aws:iam::123456789012:role/team/app',
      expected: { arn: 'arn:aws:iam::123456789012:role/app', kind: 'role' },
    },
    {
      name: 'group',
      input: 'arn:aws:iam::123456789012:group/admins',
      expected: { arn: 'arn:aws:iam::123456789012:group/admins', kind: 'other' },
    },
    {
      name: 'service principal',
      input: 'lambda.amazonaws.com',
      expected: { arn: 'lambda.amazonaws.com', kind: 'service' },
    },
    {
      name: 'China service principal',
      input: 'ec2.amazonaws.com.cn',
      expected: { arn: 'ec2.amazonaws.com.cn', kind: 'service' },
    },
    { name: 'wildcard', input: '*', expected: { arn: '*', kind: 'anonymous' } },
    {
      name: 'bare account id',
      input: '123456789012',
      expected: { arn: '123456789012', kind: 'other' },
    },
    {
      name: 'resource ARN',
      input: 'arn:aws:s3:::bucket',
      expected: { arn: 'arn:aws:s3:::bucket', kind: 'other' },
    },
  ])('normalises $name', ({ input, issuer, expected }) => {
    expect(normalisePrincipal(input, issuer)).toEqual(expected);
  });
});

describe('attachmentKind', () => {
  it.each([
    { arn: 'arn:aws:iam::123456789012:role/service-role/app', kind: 'role' },
    { arn: 'arn:aws:iam::123456789012:user/alice', kind: 'user' },
    { arn: 'arn:aws:iam::123456789012:group/admins', kind: 'group' },
    { arn: 'arn:aws:iam::123456789012:root', kind: 'root' },
    { arn: 'arn:aws:s3:::bucket', kind: 'resource' },
    { arn: 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd', kind: 'resource' },
    { arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', kind: 'other' },
    { arn: 'arn:aws:sts::123456789012:assumed-role/app/session', kind: 'other' },
    { arn: 'not-an-arn', kind: 'other' },
  ])('classifies $arn as $kind', ({ arn, kind }) => {
    expect(attachmentKind(arn)).toBe(kind);
  });
});

describe('normaliseStatementPrincipal', () => {
  it('keeps the wildcard string', () => {
    expect(normaliseStatementPrincipal('*')).toBe('*');
  });

  it('keeps an AWS wildcard distinct', () => {
    expect(normaliseStatementPrincipal({ AWS: '*' })).toEqual({ AWS: ['*'] });
  });

  it('sorts types and deduplicates values', () => {
    const normalised = normaliseStatementPrincipal({
      Service: 'sns.amazonaws.com',
      AWS: ['arn:aws:iam::2:root', 'arn:aws:iam::1:root', 'arn:aws:iam::2:root'],
    });

    expect(normalised).toEqual({
      AWS: ['arn:aws:iam::1:root', 'arn:aws:iam::2:root'],
      Service: ['sns.amazonaws.com'],
    });
    expect(Object.keys(normalised)).toEqual(['AWS', 'Service']);
  });
});

describe('statementPrincipalFor', () => {
  it.each([
    { principal: { arn: '*', kind: 'anonymous' as const }, expected: '*' },
    {
      principal: { arn: 'lambda.amazonaws.com', kind: 'service' as const },
      expected: { Service: ['lambda.amazonaws.com'] },
    },
    {
      principal: { arn: 'arn:aws:iam::123456789012:role/app', kind: 'role' as const },
      expected: { AWS: ['arn:aws:iam::123456789012:role/app'] },
    },
    {
      principal: { arn: 'arn:aws:iam::123456789012:root', kind: 'root' as const },
      expected: { AWS: ['arn:aws:iam::123456789012:root'] },
    },
  ])('grants to a $principal.kind principal', ({ principal, expected }) => {
    expect(statementPrincipalFor(principal)).toEqual(expected);
  });
});
