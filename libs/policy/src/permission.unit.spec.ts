import { describe, expect, it } from 'vitest';

import { permissionFromEvent, permissionKey, type Permission } from './permission.js';
import { BUCKET_ARN, makeEvent, ROLE_ARN } from './testing/events.js';

const OBJECT_ARN = `${BUCKET_ARN}/report.csv`;

describe('permissionKey', () => {
  it.each<{ name: string; left: Permission; right: Permission }>([
    {
      name: 'action case',
      left: { action: 's3:GetObject', resource: OBJECT_ARN },
      right: { action: 's3:getobject', resource: OBJECT_ARN },
    },
    {
      name: 'principal type order',
      left: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        principal: { AWS: ROLE_ARN, Service: 'lambda.amazonaws.com' },
      },
      right: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        principal: { Service: 'lambda.amazonaws.com', AWS: ROLE_ARN },
      },
    },
    {
      name: 'principal value order and repeats',
      left: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        principal: { AWS: ['arn:aws:iam::1:root', 'arn:aws:iam::2:root'] },
      },
      right: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        principal: { AWS: ['arn:aws:iam::2:root', 'arn:aws:iam::1:root', 'arn:aws:iam::2:root'] },
      },
    },
    {
      name: 'string or one-element array',
      left: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        principal: { AWS: ROLE_ARN },
        condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
      right: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        principal: { AWS: [ROLE_ARN] },
        condition: { Bool: { 'aws:SecureTransport': ['true'] } },
      },
    },
    {
      name: 'condition operator and key order',
      left: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        condition: {
          StringEquals: { 'aws:SourceVpc': 'vpc-1', 'aws:PrincipalAccount': '1' },
          Bool: { 'aws:SecureTransport': 'true' },
        },
      },
      right: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        condition: {
          Bool: { 'aws:SecureTransport': 'true' },
          StringEquals: { 'aws:PrincipalAccount': '1', 'aws:SourceVpc': 'vpc-1' },
        },
      },
    },
    {
      name: 'empty condition',
      left: { action: 's3:GetObject', resource: OBJECT_ARN, condition: {} },
      right: { action: 's3:GetObject', resource: OBJECT_ARN },
    },
  ])('ignores $name', ({ left, right }) => {
    expect(permissionKey(left)).toBe(permissionKey(right));
  });

  it.each<{ name: string; left: Permission; right: Permission }>([
    {
      name: 'resource case',
      left: { action: 's3:GetObject', resource: `${BUCKET_ARN}/a.txt` },
      right: { action: 's3:GetObject', resource: `${BUCKET_ARN}/A.txt` },
    },
    {
      name: 'action',
      left: { action: 's3:GetObject', resource: OBJECT_ARN },
      right: { action: 's3:PutObject', resource: OBJECT_ARN },
    },
    {
      name: 'principal presence',
      left: { action: 's3:GetObject', resource: OBJECT_ARN, principal: '*' },
      right: { action: 's3:GetObject', resource: OBJECT_ARN },
    },
    {
      name: 'wildcard spellings',
      left: { action: 's3:GetObject', resource: OBJECT_ARN, principal: '*' },
      right: { action: 's3:GetObject', resource: OBJECT_ARN, principal: { AWS: '*' } },
    },
    {
      name: 'condition values',
      left: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
      },
      right: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        condition: { StringEquals: { 'aws:SourceVpc': 'vpc-2' } },
      },
    },
    {
      name: 'condition key case',
      left: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
      },
      right: {
        action: 's3:GetObject',
        resource: OBJECT_ARN,
        condition: { StringEquals: { 'aws:sourcevpc': 'vpc-1' } },
      },
    },
  ])('distinguishes $name', ({ left, right }) => {
    expect(permissionKey(left)).not.toBe(permissionKey(right));
  });

  it('returns a SHA-256 hex digest', () => {
    expect(permissionKey({ action: 's3:GetObject', resource: OBJECT_ARN })).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });
});

describe('permissionFromEvent', () => {
  it('omits principal for identity policies', () => {
    const permission = permissionFromEvent(makeEvent({ action: 's3:getObject' }));

    expect(permission).toEqual({ action: 's3:getObject', resource: OBJECT_ARN });
  });

  it('keeps a normalised condition', () => {
    const event = makeEvent({
      condition: { StringEquals: { 'aws:SourceVpc': ['vpc-2', 'vpc-1'] } },
    });

    expect(permissionFromEvent(event)).toEqual({
      action: 's3:GetObject',
      resource: OBJECT_ARN,
      condition: { StringEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } },
    });
  });

  it('uses principalInStatement for resource policies', () => {
    const event = makeEvent({
      policyType: 'resource',
      attachTo: BUCKET_ARN,
      principalInStatement: { AWS: 'arn:aws:iam::210987654321:root' },
    });

    expect(permissionFromEvent(event).principal).toEqual({
      AWS: ['arn:aws:iam::210987654321:root'],
    });
  });

  it.each([
    { principal: { arn: ROLE_ARN, kind: 'role' as const }, expected: { AWS: [ROLE_ARN] } },
    {
      principal: { arn: 'cloudtrail.amazonaws.com', kind: 'service' as const },
      expected: { Service: ['cloudtrail.amazonaws.com'] },
    },
    { principal: { arn: '*', kind: 'anonymous' as const }, expected: '*' },
  ])('grants a resource policy to a $principal.kind caller', ({ principal, expected }) => {
    const event = makeEvent({ policyType: 'resource', attachTo: BUCKET_ARN, principal });

    expect(permissionFromEvent(event).principal).toEqual(expected);
  });
});
