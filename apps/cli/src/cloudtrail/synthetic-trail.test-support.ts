/**
 * Seeded CloudTrail records for tests: the same seed gives the same calls, principals and
 * resources in any account, so two imports into two accounts must fold into the same
 * policies once the account id is masked. The mix covers mapped calls of most services,
 * multi-action calls, denials, AWS service callers, skipped and unmapped calls.
 */

export interface SyntheticTrailOptions {
  seed: number;
  records: number;
  account: string;
}

/** mulberry32: a small, fast PRNG with a 32-bit state, enough for test data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const REGIONS = ['eu-west-1', 'us-east-1'] as const;

interface Caller {
  userIdentity: Record<string, unknown>;
}

function callers(account: string): Caller[] {
  const role = (path: string, name: string, session: string): Caller => ({
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}`,
      accountId: account,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: `arn:aws:iam::${account}:role/${path}${name}`,
          accountId: account,
          userName: name,
        },
      },
    },
  });

  return [
    role('app/', 'orders-api', 'task-1'),
    role('app/', 'orders-api', 'task-2'),
    role('service-role/', 'nightly-etl', 'run'),
    role('', 'deployer', 'ci'),
    {
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${account}:user/ops/ana`,
        accountId: account,
      },
    },
  ];
}

type Call = (
  pick: <T>(items: readonly T[]) => T,
  account: string,
  region: string,
) => Record<string, unknown>;

const BUCKETS = ['orders-data', 'orders-exports', 'site-assets'] as const;
const KEYS = Array.from({ length: 12 }, (_, index) => `k/${index}.json`);
const TABLES = ['orders', 'customers', 'stock'] as const;

const CALLS: readonly Call[] = [
  (pick) => ({
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    requestParameters: { bucketName: pick(BUCKETS), key: pick(KEYS) },
  }),
  (pick) => ({
    eventSource: 's3.amazonaws.com',
    eventName: 'PutObject',
    requestParameters: { bucketName: pick(BUCKETS), key: pick(KEYS) },
  }),
  (pick) => ({
    eventSource: 's3.amazonaws.com',
    eventName: 'ListObjectsV2',
    requestParameters: { bucketName: pick(BUCKETS), 'list-type': '2' },
  }),
  (pick) => ({
    eventSource: 's3.amazonaws.com',
    eventName: 'HeadObject',
    requestParameters: { bucketName: pick(BUCKETS), key: pick(KEYS), versionId: 'v1' },
  }),
  (pick) => ({
    eventSource: 'dynamodb.amazonaws.com',
    eventName: pick(['GetItem', 'PutItem', 'UpdateItem'] as const),
    requestParameters: { tableName: pick(TABLES) },
  }),
  (pick) => ({
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'Query',
    requestParameters: { tableName: pick(TABLES), indexName: 'by-date' },
  }),
  (pick, account, region) => ({
    eventSource: 'sqs.amazonaws.com',
    eventName: pick(['SendMessage', 'ReceiveMessage', 'DeleteMessage'] as const),
    requestParameters: {
      queueUrl: `https://sqs.${region}.amazonaws.com/${account}/${pick(['jobs', 'events'] as const)}`,
    },
  }),
  (pick, account, region) => ({
    eventSource: 'sns.amazonaws.com',
    eventName: 'Publish',
    requestParameters: {
      topicArn: `arn:aws:sns:${region}:${account}:${pick(['placed', 'shipped'] as const)}`,
    },
  }),
  (pick, account, region) => ({
    eventSource: 'kms.amazonaws.com',
    eventName: 'Decrypt',
    requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    resources: [
      {
        type: 'AWS::KMS::Key',
        ARN: `arn:aws:kms:${region}:${account}:key/${pick(['0000aaaa-1111-4222-8333-444455556666', '0000bbbb-1111-4222-8333-444455556666'] as const)}`,
      },
    ],
  }),
  (pick) => ({
    eventSource: 'ssm.amazonaws.com',
    eventName: 'GetParameter',
    requestParameters: { name: `/orders/${pick(['db-url', 'api-key', 'flags'] as const)}` },
  }),
  (pick) => ({
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    requestParameters: { secretId: pick(['orders/db', 'orders/stripe'] as const) },
  }),
  (pick) => ({
    eventSource: 'lambda.amazonaws.com',
    eventName: pick(['Invoke', 'GetFunction20150331v2'] as const),
    requestParameters: { functionName: pick(['price-quote', 'render'] as const) },
  }),
  (pick, account) => ({
    eventSource: 'lambda.amazonaws.com',
    eventName: 'CreateFunction20150331',
    requestParameters: {
      functionName: pick(['price-quote', 'render'] as const),
      role: `arn:aws:iam::${account}:role/lambda/${pick(['quote-exec', 'render-exec'] as const)}`,
    },
  }),
  (pick, account) => ({
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    requestParameters: {
      roleArn: `arn:aws:iam::${account}:role/${pick(['reader', 'writer'] as const)}`,
      roleSessionName: 's',
    },
  }),
  () => ({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' }),
  (pick) => ({
    eventSource: 'logs.amazonaws.com',
    eventName: 'PutLogEvents',
    requestParameters: { logGroupName: '/orders/api', logStreamName: pick(['a', 'b'] as const) },
  }),
  () => ({
    eventSource: 'events.amazonaws.com',
    eventName: 'PutEvents',
    requestParameters: { entries: [{ source: 'orders' }] },
  }),
  (pick) => ({
    eventSource: 'kinesis.amazonaws.com',
    eventName: 'PutRecord',
    requestParameters: { streamName: pick(['clicks', 'audit'] as const) },
  }),
  () => ({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    requestParameters: {},
  }),
  (pick) => ({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'StartInstances',
    requestParameters: {
      instancesSet: { items: [{ instanceId: pick(['i-0aa', 'i-0bb'] as const) }] },
    },
  }),
  () => ({
    eventSource: 'monitoring.amazonaws.com',
    eventName: 'PutMetricData',
    requestParameters: { namespace: 'Orders' },
  }),
  (pick) => ({
    eventSource: pick(['glue.amazonaws.com', 'athena.amazonaws.com'] as const),
    eventName: pick(['GetTable', 'StartQueryExecution'] as const),
  }),
];

/** A service assuming one of the account's roles, which its trust policy must allow. */
const serviceAssumesRole: Call = (pick, account) => ({
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  userIdentity: {
    type: 'AWSService',
    invokedBy: pick(['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'] as const),
  },
  requestParameters: {
    roleArn: `arn:aws:iam::${account}:role/app/orders-api`,
    roleSessionName: 'svc',
  },
});

/** Generates `records` CloudTrail records in `account`, one second apart, with unique event ids. */
export function syntheticTrail({
  seed,
  records,
  account,
}: SyntheticTrailOptions): Array<Record<string, unknown>> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const people = callers(account);
  const start = Date.UTC(2026, 4, 14, 0, 0, 0);

  return Array.from({ length: records }, (_, index) => {
    const region = pick(REGIONS);
    const caller = pick(people);
    const call = random() < 0.02 ? serviceAssumesRole : pick(CALLS);
    const denied = random() < 0.05;
    const fields = call(pick, account, region);

    return {
      eventVersion: '1.11',
      userIdentity: caller.userIdentity,
      eventTime: new Date(start + index * 1000).toISOString().replace('.000Z', 'Z'),
      awsRegion: region,
      eventID: `synthetic-${account}-${String(index).padStart(6, '0')}`,
      requestID: `req-${index}`,
      eventType: 'AwsApiCall',
      recipientAccountId: account,
      ...(denied
        ? {
            errorCode: 'AccessDenied',
            errorMessage: 'User is not authorized to perform this operation',
          }
        : {}),
      ...fields,
    };
  });
}
