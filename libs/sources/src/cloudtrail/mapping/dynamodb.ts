import { absent, need, op, present, resource, when, type ServiceMapping } from './types.js';

// Actions and resource types follow the Service Authorization Reference for Amazon DynamoDB and
// the DynamoDB API reference. `tableName` may also be a table ARN, which is used as it is.
// Batch operations name their tables as keys of `requestItems`, so their ARNs come from
// `resources[]`.
// NOTE: TransactGetItems and TransactWriteItems need the item actions of every table they
// touch, and stay unmapped until their CloudTrail request shape is confirmed.

const table = resource('table', { TableName: 'tableName' });
const index = resource('index', { TableName: 'tableName', IndexName: 'indexName' });
const stream = resource('stream', { ARN: 'streamArn' });
const taggable = resource('table', { ARN: 'resourceArn' });

/** Query and Scan read the index when the request names one, else the table. */
function tableOrIndex(action: string) {
  return [
    when(absent('indexName'), need(action, table)),
    when(present('indexName'), need(action, index)),
  ];
}

export const DYNAMODB_MAPPING: ServiceMapping = {
  service: 'dynamodb',
  operations: [
    op('GetItem', need('dynamodb:GetItem', table)),
    op('PutItem', need('dynamodb:PutItem', table)),
    op('UpdateItem', need('dynamodb:UpdateItem', table)),
    op('DeleteItem', need('dynamodb:DeleteItem', table)),
    op('Query', tableOrIndex('dynamodb:Query')),
    op('Scan', tableOrIndex('dynamodb:Scan')),
    op('BatchGetItem', need('dynamodb:BatchGetItem')),
    op('BatchWriteItem', need('dynamodb:BatchWriteItem')),
    op('DescribeTable', need('dynamodb:DescribeTable', table)),
    op('CreateTable', need('dynamodb:CreateTable', table)),
    op('UpdateTable', need('dynamodb:UpdateTable', table)),
    op('DeleteTable', need('dynamodb:DeleteTable', table)),
    op('ListTables', need('dynamodb:ListTables')),
    op('DescribeTimeToLive', need('dynamodb:DescribeTimeToLive', table)),
    op('UpdateTimeToLive', need('dynamodb:UpdateTimeToLive', table)),
    op('DescribeContinuousBackups', need('dynamodb:DescribeContinuousBackups', table)),
    op('UpdateContinuousBackups', need('dynamodb:UpdateContinuousBackups', table)),
    op('CreateBackup', need('dynamodb:CreateBackup', table)),
    op('ListBackups', need('dynamodb:ListBackups')),
    op('DescribeStream', need('dynamodb:DescribeStream', stream)),
    op('GetShardIterator', need('dynamodb:GetShardIterator', stream)),
    op('GetRecords', need('dynamodb:GetRecords')),
    op('ListStreams', need('dynamodb:ListStreams')),
    op('TagResource', need('dynamodb:TagResource', taggable)),
    op('UntagResource', need('dynamodb:UntagResource', taggable)),
    op('ListTagsOfResource', need('dynamodb:ListTagsOfResource', taggable)),
  ],
};
