import { describe, expect, it } from 'vitest';

import { formatArn, parseArn } from './arn.js';

describe('parseArn', () => {
  it.each([
    {
      text: 'arn:aws:iam::123456789012:role/service-role/app',
      arn: {
        partition: 'aws',
        service: 'iam',
        region: '',
        account: '123456789012',
        resource: 'role/service-role/app',
      },
    },
    {
      text: 'arn:aws-cn:s3:::bucket-cn/logs/2026.json',
      arn: {
        partition: 'aws-cn',
        service: 's3',
        region: '',
        account: '',
        resource: 'bucket-cn/logs/2026.json',
      },
    },
    {
      text: 'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:handler:PROD',
      arn: {
        partition: 'aws-us-gov',
        service: 'lambda',
        region: 'us-gov-west-1',
        account: '123456789012',
        resource: 'function:handler:PROD',
      },
    },
    {
      text: 'arn:aws:s3:::bucket/2026-01-01T00:00:00Z/key:with:colons.txt',
      arn: {
        partition: 'aws',
        service: 's3',
        region: '',
        account: '',
        resource: 'bucket/2026-01-01T00:00:00Z/key:with:colons.txt',
      },
    },
    {
      text: 'arn:aws:iam::aws:policy/AdministratorAccess',
      arn: {
        partition: 'aws',
        service: 'iam',
        region: '',
        account: 'aws',
        resource: 'policy/AdministratorAccess',
      },
    },
    {
      text: 'arn:aws-iso-b:ec2:us-isob-east-1:123456789012:instance/i-0abc',
      arn: {
        partition: 'aws-iso-b',
        service: 'ec2',
        region: 'us-isob-east-1',
        account: '123456789012',
        resource: 'instance/i-0abc',
      },
    },
    {
      text: 'arn:aws-iso:sqs:us-iso-east-1:123456789012:queue',
      arn: {
        partition: 'aws-iso',
        service: 'sqs',
        region: 'us-iso-east-1',
        account: '123456789012',
        resource: 'queue',
      },
    },
    {
      text: 'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/index/ByCustomer',
      arn: {
        partition: 'aws',
        service: 'dynamodb',
        region: 'eu-west-1',
        account: '123456789012',
        resource: 'table/Orders/index/ByCustomer',
      },
    },
    {
      text: 'arn:aws:s3:::bucket/*',
      arn: { partition: 'aws', service: 's3', region: '', account: '', resource: 'bucket/*' },
    },
  ])('parses and formats $text', ({ text, arn }) => {
    const parsed = parseArn(text);

    expect(parsed).toEqual(arn);
    expect(formatArn(arn)).toBe(text);
  });

  it.each([
    { text: '', reason: 'empty text' },
    { text: '*', reason: 'wildcard' },
    { text: 's3.amazonaws.com', reason: 'service principal' },
    { text: 'arn:aws:s3', reason: 'too few parts' },
    { text: 'arn:aws:s3:::', reason: 'empty resource' },
    { text: 'ARN:aws:s3:::bucket', reason: 'upper-case prefix' },
    { text: 'arn:gcp:s3:::bucket', reason: 'unknown partition' },
    { text: 'arn:aws-mars:s3:::bucket', reason: 'unknown aws- partition' },
    { text: 'arn:aws::us-east-1:123456789012:thing', reason: 'empty service' },
    { text: 'arn:aws:S3:::bucket', reason: 'upper-case service' },
    { text: 'arn:aws:iam::12345:role/app', reason: 'short account id' },
    { text: 'arn:aws:sqs:US-EAST-1:123456789012:queue', reason: 'upper-case region' },
  ])('rejects $reason', ({ text }) => {
    expect(parseArn(text)).toBeUndefined();
  });
});
