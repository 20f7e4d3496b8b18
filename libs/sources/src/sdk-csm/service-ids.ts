/**
 * IAM service prefixes per AWS SDK service id. CSM records name the service by the `serviceId`
 * of its SDK service model (`S3`, `CloudWatch Logs`, `Elastic Load Balancing v2`), which is
 * neither the IAM prefix nor the endpoint prefix. Several SDK services share one prefix.
 *
 * Services whose IAM actions are not named after their operations are left out on purpose.
 * API Gateway's management API is authorised as `apigateway:GET`, `apigateway:POST` and so on.
 * Its records are therefore reported as unmapped instead of as actions that do not exist.
 */
const SERVICE_PREFIXES: ReadonlyArray<readonly [sdkServiceId: string, iamPrefix: string]> = [
  ['ACM', 'acm'],
  ['ACM PCA', 'acm-pca'],
  ['AppSync', 'appsync'],
  ['Application Auto Scaling', 'application-autoscaling'],
  ['Athena', 'athena'],
  ['Auto Scaling', 'autoscaling'],
  ['Backup', 'backup'],
  ['Batch', 'batch'],
  ['Bedrock', 'bedrock'],
  ['Bedrock Runtime', 'bedrock'],
  ['CloudFormation', 'cloudformation'],
  ['CloudFront', 'cloudfront'],
  ['CloudTrail', 'cloudtrail'],
  ['CloudWatch', 'cloudwatch'],
  ['CloudWatch Events', 'events'],
  ['CloudWatch Logs', 'logs'],
  ['CodeBuild', 'codebuild'],
  ['CodeCommit', 'codecommit'],
  ['CodeDeploy', 'codedeploy'],
  ['CodePipeline', 'codepipeline'],
  ['Cognito Identity', 'cognito-identity'],
  ['Cognito Identity Provider', 'cognito-idp'],
  ['Config Service', 'config'],
  ['Cost Explorer', 'ce'],
  ['DynamoDB', 'dynamodb'],
  ['DynamoDB Streams', 'dynamodb'],
  ['EC2', 'ec2'],
  ['ECR', 'ecr'],
  ['ECR PUBLIC', 'ecr-public'],
  ['ECS', 'ecs'],
  ['EFS', 'elasticfilesystem'],
  ['EKS', 'eks'],
  ['EMR', 'elasticmapreduce'],
  ['ElastiCache', 'elasticache'],
  ['Elastic Beanstalk', 'elasticbeanstalk'],
  ['Elastic Load Balancing', 'elasticloadbalancing'],
  ['Elastic Load Balancing v2', 'elasticloadbalancing'],
  ['Elasticsearch Service', 'es'],
  ['EventBridge', 'events'],
  ['Firehose', 'firehose'],
  ['Glue', 'glue'],
  ['GuardDuty', 'guardduty'],
  ['IAM', 'iam'],
  ['Kafka', 'kafka'],
  ['Kinesis', 'kinesis'],
  ['KMS', 'kms'],
  ['Lambda', 'lambda'],
  ['MQ', 'mq'],
  ['OpenSearch', 'es'],
  ['Organizations', 'organizations'],
  ['RDS', 'rds'],
  ['Redshift', 'redshift'],
  ['Resource Groups Tagging API', 'tag'],
  ['Route 53', 'route53'],
  ['S3', 's3'],
  ['S3 Control', 's3'],
  ['SageMaker', 'sagemaker'],
  ['SageMaker Runtime', 'sagemaker'],
  ['Scheduler', 'scheduler'],
  ['Secrets Manager', 'secretsmanager'],
  ['SecurityHub', 'securityhub'],
  ['SES', 'ses'],
  ['SESv2', 'ses'],
  ['SFN', 'states'],
  ['SNS', 'sns'],
  ['SQS', 'sqs'],
  ['SSM', 'ssm'],
  ['STS', 'sts'],
  ['Transfer', 'transfer'],
  ['WAFV2', 'wafv2'],
  ['XRay', 'xray'],
];

/**
 * Operations whose IAM action has another name than the operation, per SDK service id. Every
 * other operation maps to `prefix:Operation`. A unit test checks that each target is in the
 * action catalog, which cannot tell whether the pairing itself is right.
 */
const OPERATION_ACTIONS: ReadonlyArray<readonly [sdkServiceId: string, Record<string, string>]> = [
  [
    'S3',
    {
      CompleteMultipartUpload: 'PutObject',
      CopyObject: 'PutObject',
      CreateMultipartUpload: 'PutObject',
      DeleteBucketCors: 'PutBucketCORS',
      DeleteBucketEncryption: 'PutEncryptionConfiguration',
      DeleteBucketLifecycle: 'PutLifecycleConfiguration',
      DeleteBucketOwnershipControls: 'PutBucketOwnershipControls',
      DeleteBucketReplication: 'PutReplicationConfiguration',
      DeleteBucketTagging: 'PutBucketTagging',
      DeleteObjects: 'DeleteObject',
      DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
      GetBucketAccelerateConfiguration: 'GetAccelerateConfiguration',
      GetBucketEncryption: 'GetEncryptionConfiguration',
      GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
      GetBucketNotificationConfiguration: 'GetBucketNotification',
      GetBucketReplication: 'GetReplicationConfiguration',
      GetObjectLockConfiguration: 'GetBucketObjectLockConfiguration',
      GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
      HeadBucket: 'ListBucket',
      HeadObject: 'GetObject',
      ListBuckets: 'ListAllMyBuckets',
      ListMultipartUploads: 'ListBucketMultipartUploads',
      ListObjectVersions: 'ListBucketVersions',
      ListObjects: 'ListBucket',
      ListObjectsV2: 'ListBucket',
      ListParts: 'ListMultipartUploadParts',
      PutBucketAccelerateConfiguration: 'PutAccelerateConfiguration',
      PutBucketEncryption: 'PutEncryptionConfiguration',
      PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
      PutBucketNotificationConfiguration: 'PutBucketNotification',
      PutBucketReplication: 'PutReplicationConfiguration',
      PutObjectLockConfiguration: 'PutBucketObjectLockConfiguration',
      PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
      SelectObjectContent: 'GetObject',
      UploadPart: 'PutObject',
      UploadPartCopy: 'PutObject',
    },
  ],
  [
    'S3 Control',
    {
      DeletePublicAccessBlock: 'PutAccountPublicAccessBlock',
      GetPublicAccessBlock: 'GetAccountPublicAccessBlock',
      PutPublicAccessBlock: 'PutAccountPublicAccessBlock',
    },
  ],
  ['Lambda', { Invoke: 'InvokeFunction', InvokeWithResponseStream: 'InvokeFunction' }],
  ['DynamoDB', { TransactGetItems: 'GetItem' }],
  ['Bedrock Runtime', { Converse: 'InvokeModel', ConverseStream: 'InvokeModelWithResponseStream' }],
];

/**
 * Actions that a call needs besides its main action, per SDK service id and operation, as
 * `prefix:Action` because some belong to another service. CSM records carry no request
 * parameters, so an action is listed only when every call of the operation needs it:
 * - Lambda `CreateFunction` always names an execution role, which needs `iam:PassRole`.
 * - S3 `CopyObject` and `UploadPartCopy` read the source object with `s3:GetObject`.
 * - S3 `GetObjectAttributes` needs `s3:GetObject` besides `s3:GetObjectAttributes`.
 *
 * NOTE: `UpdateFunctionConfiguration` needs `iam:PassRole` only when it changes the role, which
 * CSM does not show, so it gets none. Calls on an object version need `s3:GetObjectVersion`
 * (and `s3:GetObjectVersionAttributes`) instead, which CSM does not show either.
 */
const FOLLOW_ON_ACTIONS: ReadonlyArray<readonly [sdkServiceId: string, Record<string, string[]>]> =
  [
    ['Lambda', { CreateFunction: ['iam:PassRole'] }],
    [
      'S3',
      {
        CopyObject: ['s3:GetObject'],
        GetObjectAttributes: ['s3:GetObject'],
        UploadPartCopy: ['s3:GetObject'],
      },
    ],
  ];

/**
 * API version suffixes on operation names: botocore's CloudFront model names its operations
 * like `CreateDistribution2020_05_31`, and CloudTrail shows Lambda's as `GetFunction20150331v2`.
 */
const API_VERSION_SUFFIX = /(?:\d{4}_\d{2}_\d{2}|\d{8}(?:v\d+)?)$/;

/**
 * Folds an SDK service id to the form the tables are keyed by: letters and digits only, in
 * lower case. `CloudWatch Logs`, `cloudwatchlogs` and `Cloudwatch-Logs` all match one entry.
 */
export function normaliseSdkServiceId(serviceId: string): string {
  return serviceId.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const PREFIX_BY_SERVICE_ID = new Map(
  SERVICE_PREFIXES.map(([serviceId, prefix]) => [normaliseSdkServiceId(serviceId), prefix]),
);

const ACTIONS_BY_SERVICE_ID = new Map(
  OPERATION_ACTIONS.map(([serviceId, actions]) => [
    normaliseSdkServiceId(serviceId),
    new Map(Object.entries(actions)),
  ]),
);

const FOLLOW_ONS_BY_SERVICE_ID = new Map(
  FOLLOW_ON_ACTIONS.map(([serviceId, actions]) => [
    normaliseSdkServiceId(serviceId),
    new Map(Object.entries(actions)),
  ]),
);

/** Returns the IAM prefix of an SDK service id, or undefined when the table lacks it. */
export function iamPrefixOf(sdkServiceId: string): string | undefined {
  return PREFIX_BY_SERVICE_ID.get(normaliseSdkServiceId(sdkServiceId));
}

/** Lists every (SDK service id, IAM prefix) pair of the table, for tests and docs. */
export function sdkServicePrefixes(): ReadonlyArray<readonly [string, string]> {
  return SERVICE_PREFIXES;
}

/** Lists every `prefix:Action` that an operation is renamed to, for tests. */
export function renamedOperationActions(): string[] {
  return OPERATION_ACTIONS.flatMap(([serviceId, actions]) =>
    Object.values(actions).map((action) => `${iamPrefixOf(serviceId)}:${action}`),
  );
}

/** Lists every action that the follow-on table adds to a call, for tests. */
export function followOnActions(): string[] {
  return [
    ...new Set(FOLLOW_ON_ACTIONS.flatMap(([, actions]) => Object.values(actions).flat())),
  ].toSorted();
}

/** The catalog lookup that the reader needs, as `ActionCatalog` implements it. */
export interface ActionLookup {
  canonicalAction(action: string): Promise<string | undefined>;
}

/**
 * Maps an SDK service id and operation to the IAM action the call needs, in the catalog's
 * spelling. Tries the rename table, then `prefix:Operation`, then the operation without an
 * API version suffix. Returns undefined when the service is not in the table or no candidate
 * is in the catalog.
 */
export async function iamActionFor(
  sdkServiceId: string,
  operation: string,
  catalog: ActionLookup,
): Promise<string | undefined> {
  const prefix = iamPrefixOf(sdkServiceId);
  if (prefix === undefined) {
    return undefined;
  }

  const renamed = ACTIONS_BY_SERVICE_ID.get(normaliseSdkServiceId(sdkServiceId))?.get(operation);
  const withoutVersion = operation.replace(API_VERSION_SUFFIX, '');
  const candidates = [renamed ?? operation, withoutVersion];

  for (const name of candidates) {
    if (name === '' || !/^[A-Za-z0-9]+$/.test(name)) {
      continue;
    }

    const action = await catalog.canonicalAction(`${prefix}:${name}`);
    if (action !== undefined) {
      return action;
    }
  }

  return undefined;
}

/**
 * Maps an SDK service id and operation to every IAM action the call needs: the action of
 * iamActionFor first, then the follow-on actions of the operation. Returns undefined when
 * iamActionFor finds no action. A follow-on action that the catalog lacks is left out.
 */
export async function iamActionsFor(
  sdkServiceId: string,
  operation: string,
  catalog: ActionLookup,
): Promise<string[] | undefined> {
  const action = await iamActionFor(sdkServiceId, operation, catalog);
  if (action === undefined) {
    return undefined;
  }

  const followOns = FOLLOW_ONS_BY_SERVICE_ID.get(normaliseSdkServiceId(sdkServiceId));
  const extra = followOns?.get(operation) ?? followOns?.get(withoutApiVersion(operation)) ?? [];
  const actions = [action];
  for (const name of extra) {
    const canonical = await catalog.canonicalAction(name);
    if (canonical !== undefined && !actions.includes(canonical)) {
      actions.push(canonical);
    }
  }

  return actions;
}

function withoutApiVersion(operation: string): string {
  return operation.replace(API_VERSION_SUFFIX, '');
}
