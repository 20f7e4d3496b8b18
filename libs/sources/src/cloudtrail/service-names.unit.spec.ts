import { describe, expect, it } from 'vitest';

import { partitionOfRegion, serviceOfEventSource, withoutVersionSuffix } from './service-names.js';

describe('serviceOfEventSource', () => {
  it.each([
    ['s3.amazonaws.com', 's3'],
    ['monitoring.amazonaws.com', 'cloudwatch'],
    ['email.amazonaws.com', 'ses'],
    ['dynamodb.amazonaws.com.cn', 'dynamodb'],
    ['secretsmanager.amazonaws.com', 'secretsmanager'],
  ])('maps %s to %s', (eventSource, service) => {
    expect(serviceOfEventSource(eventSource)).toBe(service);
  });

  it.each(['example.internal', 'amazonaws.com', 'S3.amazonaws.com'])(
    'rejects %s',
    (eventSource) => {
      expect(serviceOfEventSource(eventSource)).toBeUndefined();
    },
  );
});

describe('withoutVersionSuffix', () => {
  it.each([
    ['GetFunction20150331v2', 'GetFunction'],
    ['CreateFunction20150331', 'CreateFunction'],
    ['ListTags20170331', 'ListTags'],
    ['CreateDistribution2020_05_31', 'CreateDistribution'],
    ['ListObjectsV2', 'ListObjectsV2'],
    ['GetObject', 'GetObject'],
    ['Ec2Api20150331Call', 'Ec2Api20150331Call'],
  ])('turns %s into %s', (eventName, operation) => {
    expect(withoutVersionSuffix(eventName)).toBe(operation);
  });
});

describe('partitionOfRegion', () => {
  it.each([
    ['eu-west-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    [undefined, 'aws'],
  ])('puts %s in %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});
