import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { IamEvaluationEvent } from '../../../contract/src/index.js';
import { ActionCatalog } from '../../../catalog/src/index.js';
import type { RecordResult } from '../record-errors.js';
import { AccessKeyMap } from './access-keys.js';
import { AttemptAccessKeys } from './attempt-access-keys.js';
import {
  apiCallDecision,
  readSdkCsm,
  readSdkCsmLines,
  redactSessionToken,
} from './read-sdk-csm.js';

const USER_KEY = 'AKIAIOSFODNN7EXAMPLE';
const ROLE_KEY = 'ASIAZ4SDKCSMTESTROLE';
const USER = 'arn:aws:iam::111122223333:user/csm-cli';
const ROLE_SESSION = 'arn:aws:sts::444455556666:assumed-role/orders/i-0abc';
const ROLE = 'arn:aws:iam::444455556666:role/orders';

const accessKeys = new AccessKeyMap();
accessKeys.set(USER_KEY, USER, 'test');
accessKeys.set(ROLE_KEY, ROLE_SESSION, 'test');
const options = { accessKeys, catalog: new ActionCatalog() };

function fixture(name: string): string {
  return readFileSync(new URL(`../../test-fixtures/sdk-csm/${name}`, import.meta.url), 'utf8');
}

function eventsOf(records: RecordResult[]): IamEvaluationEvent[] {
  return records.flatMap((record) => (record.ok ? record.events : []));
}

function apiCall(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Version: 1,
    ClientId: '',
    Type: 'ApiCall',
    Service: 'S3',
    Api: 'GetObject',
    Timestamp: 1796119200000,
    Region: 'eu-central-1',
    AccessKey: USER_KEY,
    FinalHttpStatusCode: 200,
    ...fields,
  });
}

describe('readSdkCsm with botocore records', () => {
  it('turns each ApiCall into one event and skips attempts', async () => {
    const result = await readSdkCsm(fixture('botocore-session.ndjson'), options);

    expect(result.skipped).toBe(7);
    expect(result.unmapped).toEqual([]);
    expect(result.records.filter((record) => !record.ok)).toEqual([]);
    expect(result.records.map((record) => record.line)).toEqual([2, 4, 6, 8, 10, 12, 14]);
  });

  it('maps actions and decisions', async () => {
    const events = eventsOf(
      (await readSdkCsm(fixture('botocore-session.ndjson'), options)).records,
    );

    expect(events.map((event) => [event.action, event.decision])).toEqual([
      ['s3:ListAllMyBuckets', 'allow'],
      ['dynamodb:GetItem', 'allow'],
      ['logs:PutLogEvents', 'allow'],
      ['elasticloadbalancing:DescribeLoadBalancers', 'allow'],
      ['lambda:InvokeFunction', 'allow'],
      ['s3:GetObject', 'implicit-deny'],
      ['sqs:SendMessage', 'explicit-deny'],
    ]);
  });

  it('takes the access key from the attempt', async () => {
    const [event] = eventsOf(
      (await readSdkCsm(fixture('botocore-session.ndjson'), options)).records,
    );

    expect(event).toEqual({
      id: expect.stringMatching(/^sdk-csm:[0-9a-f]{32}$/),
      time: '2026-12-01T10:00:00.000Z',
      source: 'sdk-csm',
      principal: { arn: USER, kind: 'user' },
      policyType: 'identity',
      attachTo: USER,
      action: 's3:ListAllMyBuckets',
      resource: '*',
      decision: 'allow',
      request: {
        service: 'S3',
        operation: 'ListBuckets',
        region: 'eu-central-1',
        account: '111122223333',
      },
    });
  });
});

describe('readSdkCsm with AWS SDK for Go records', () => {
  it('folds the session of a temporary key to its role', async () => {
    const result = await readSdkCsm(fixture('go-sdk-session.ndjson'), options);
    const events = eventsOf(result.records);

    expect(result.skipped).toBe(4);
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event.principal).toEqual({ arn: ROLE, kind: 'role', sessionArn: ROLE_SESSION });
      expect(event.attachTo).toBe(ROLE);
      expect(event.request.account).toBe('444455556666');
    }
  });

  it('keeps request ids and final outcomes', async () => {
    const events = eventsOf((await readSdkCsm(fixture('go-sdk-session.ndjson'), options)).records);

    expect(
      events.map((event) => [event.action, event.decision, event.request.id, event.time]),
    ).toEqual([
      [
        'secretsmanager:GetSecretValue',
        'allow',
        'f0c1d2e3-0000-4000-8000-00000000a001',
        '2026-12-01T10:00:10.021Z',
      ],
      [
        'kms:Decrypt',
        'implicit-deny',
        'f0c1d2e3-0000-4000-8000-00000000a002',
        '2026-12-01T10:00:11.010Z',
      ],
      ['sqs:ReceiveMessage', 'allow', undefined, '2026-12-01T10:00:17.141Z'],
    ]);
  });
});

describe('readSdkCsm rejections', () => {
  const expected: Array<{ line: number; field: string; error: RegExp }> = [
    { line: 1, field: '(line)', error: /is not valid JSON/ },
    { line: 2, field: '(line)', error: /must be a JSON object/ },
    { line: 3, field: 'Type', error: /is missing/ },
    { line: 4, field: 'Type', error: /"ApiCallSummary" but must be "ApiCall" or "ApiCallAttempt"/ },
    { line: 5, field: 'Service', error: /is missing/ },
    { line: 5, field: 'Api', error: /is missing/ },
    { line: 6, field: 'Timestamp', error: /whole number of milliseconds/ },
    { line: 7, field: 'AccessKey', error: /\*\*\*\*WXYZ is not mapped to a principal\. Map it/ },
    { line: 8, field: 'AccessKey', error: /is missing, and no earlier ApiCallAttempt/ },
    { line: 9, field: 'FinalHttpStatusCode', error: /from 100 to 599/ },
  ];

  it('rejects every invalid record with its field', async () => {
    const result = await readSdkCsm(fixture('invalid-records.ndjson'), options);
    const rejected = result.records.flatMap((record) =>
      record.ok ? [] : record.errors.map((error) => ({ line: record.line, ...error })),
    );

    expect(eventsOf(result.records)).toEqual([]);
    expect(rejected).toHaveLength(expected.length);
    expected.forEach(({ line, field, error }, index) => {
      expect(rejected[index]!.line, `rejection ${index}`).toBe(line);
      expect(rejected[index]!.field, `rejection ${index}`).toBe(field);
      expect(rejected[index]!.error, `rejection ${index}`).toMatch(error);
    });
  });

  it('never names a full access key in a reason', async () => {
    const result = await readSdkCsm(fixture('invalid-records.ndjson'), options);
    const reasons = result.records.flatMap((record) =>
      record.ok ? [] : record.errors.map((error) => error.error),
    );

    for (const reason of reasons) {
      expect(reason).not.toMatch(/AKIA[A-Z0-9]{16}/);
    }
  });

  it('keeps rejected records without their session token', async () => {
    const result = await readSdkCsm(fixture('invalid-records.ndjson'), options);
    const unknownKey = result.records.find((record) => record.line === 7);

    expect(unknownKey?.ok).toBe(false);
    const raw = unknownKey?.ok === false ? unknownKey.raw : undefined;
    expect(raw).toContain('"SessionToken":"(redacted)"');
    expect(raw).not.toContain('IQoJb3JpZ2luX2VjEXAMPLETOKEN');
  });
});

describe('readSdkCsm unmapped calls', () => {
  it('counts calls without an IAM action per Service:Api', async () => {
    const result = await readSdkCsm(fixture('unmapped.ndjson'), options);

    expect(result.unmapped).toEqual([
      { key: 'API Gateway:GetRestApis', count: 1 },
      { key: 'Chime SDK Voice:ListPhoneNumbers', count: 1 },
      { key: 'DynamoDB:TransactWriteItems', count: 2 },
    ]);
    expect(eventsOf(result.records).map((event) => event.action)).toEqual(['dynamodb:PutItem']);
    expect(result.records.filter((record) => !record.ok)).toEqual([]);
  });
});

describe('readSdkCsm records', () => {
  it('uses the access key of the ApiCall itself', async () => {
    const result = await readSdkCsm(apiCall(), options);

    expect(eventsOf(result.records)[0]?.principal.arn).toBe(USER);
  });

  it('reads service ids in any case and spacing', async () => {
    const body = [
      apiCall({ Service: 'CloudWatch Logs', Api: 'CreateLogGroup' }),
      apiCall({ Service: 'cloudwatchlogs', Api: 'CreateLogGroup' }),
    ].join('\n');

    const events = eventsOf((await readSdkCsm(body, options)).records);

    expect(events.map((event) => event.action)).toEqual([
      'logs:CreateLogGroup',
      'logs:CreateLogGroup',
    ]);
    expect(events[0]!.request.service).toBe('CloudWatch Logs');
  });

  it('leaves out the region when the record has none', async () => {
    const [event] = eventsOf((await readSdkCsm(apiCall({ Region: undefined }), options)).records);

    expect(event?.request).toEqual({
      service: 'S3',
      operation: 'GetObject',
      account: '111122223333',
    });
  });

  it('gives the same record the same id', async () => {
    const first = eventsOf((await readSdkCsm(apiCall(), options)).records)[0]!;
    const again = eventsOf(
      (await readSdkCsm(`\n${apiCall({ Latency: 9 })}\n`, options)).records,
    )[0]!;
    const later = eventsOf(
      (await readSdkCsm(apiCall({ Timestamp: 1796119200001 }), options)).records,
    )[0]!;
    const otherRegion = eventsOf(
      (await readSdkCsm(apiCall({ Region: 'us-east-1' }), options)).records,
    )[0]!;

    expect(again.id).toBe(first.id);
    expect(later.id).not.toBe(first.id);
    expect(otherRegion.id).not.toBe(first.id);
  });

  it('reads nothing from an empty body', async () => {
    expect(await readSdkCsm('\n \n', options)).toEqual({ records: [], skipped: 0, unmapped: [] });
  });
});

describe('readSdkCsm calls that need several actions', () => {
  const cases: Array<{ service: string; api: string; actions: string[] }> = [
    {
      service: 'Lambda',
      api: 'CreateFunction',
      actions: ['lambda:CreateFunction', 'iam:PassRole'],
    },
    { service: 'S3', api: 'CopyObject', actions: ['s3:PutObject', 's3:GetObject'] },
    { service: 'S3', api: 'UploadPartCopy', actions: ['s3:PutObject', 's3:GetObject'] },
    {
      service: 'S3',
      api: 'GetObjectAttributes',
      actions: ['s3:GetObjectAttributes', 's3:GetObject'],
    },
  ];

  it.each(cases)(
    'emits one event per action of $service $api',
    async ({ service, api, actions }) => {
      const result = await readSdkCsm(apiCall({ Service: service, Api: api }), options);
      const events = eventsOf(result.records);

      expect(result.records).toHaveLength(1);
      expect(events.map((event) => event.action)).toEqual(actions);
      for (const event of events) {
        expect(event.request.operation).toBe(api);
        expect(event.resource).toBe('*');
        expect(event.decision).toBe('allow');
      }
    },
  );

  it('gives each event of one call a distinct stable id', async () => {
    const record = apiCall({ Service: 'S3', Api: 'CopyObject' });

    const [first, second] = eventsOf((await readSdkCsm(record, options)).records);
    const again = eventsOf((await readSdkCsm(record, options)).records);

    expect(first!.id).toMatch(/^sdk-csm:[0-9a-f]{32}$/);
    expect(second!.id).toBe(`${first!.id}#s3:GetObject`);
    expect(again.map((event) => event.id)).toEqual([first!.id, second!.id]);
  });
});

describe('readSdkCsm calls that need no permission', () => {
  it.each(['GetCallerIdentity', 'GetSessionToken'])('skips STS %s', async (api) => {
    const result = await readSdkCsm(apiCall({ Service: 'STS', Api: api }), options);

    expect(result).toEqual({ records: [], skipped: 1, unmapped: [] });
  });

  it('skips them without a mapped access key', async () => {
    const result = await readSdkCsm(
      apiCall({ Service: 'STS', Api: 'GetCallerIdentity', AccessKey: 'AKIAUNMAPPEDKEY00000' }),
      options,
    );

    expect(result).toEqual({ records: [], skipped: 1, unmapped: [] });
  });

  it('still maps other STS calls', async () => {
    const result = await readSdkCsm(apiCall({ Service: 'STS', Api: 'AssumeRole' }), options);

    expect(eventsOf(result.records).map((event) => event.action)).toEqual(['sts:AssumeRole']);
  });
});

describe('readSdkCsmLines attempts', () => {
  const attempt = JSON.stringify({
    Type: 'ApiCallAttempt',
    ClientId: 'app',
    Service: 'SQS',
    Api: 'SendMessage',
    Timestamp: 1796119200000,
    AccessKey: USER_KEY,
  });
  const call = apiCall({
    ClientId: 'app',
    Service: 'SQS',
    Api: 'SendMessage',
    AccessKey: undefined,
  });

  it('carries an attempt key to a later batch', async () => {
    const attemptKeys = new AttemptAccessKeys();

    const first = await readSdkCsmLines([{ line: 1, text: attempt, origin: 'a' }], {
      ...options,
      attemptKeys,
    });
    const second = await readSdkCsmLines([{ line: 1, text: call, origin: 'a' }], {
      ...options,
      attemptKeys,
    });

    expect(first.skipped).toBe(1);
    expect(eventsOf(second.records).map((event) => event.action)).toEqual(['sqs:SendMessage']);
  });

  it('lends no key to a call from another sender', async () => {
    const result = await readSdkCsmLines(
      [
        { line: 1, text: attempt, origin: '127.0.0.1:40001' },
        { line: 2, text: call, origin: '127.0.0.1:40002' },
      ],
      options,
    );

    expect(result.records).toHaveLength(1);
    expect(result.records[0]!.ok).toBe(false);
  });

  it('lends no key to a call of another client id', async () => {
    const otherClient = apiCall({
      ClientId: 'other',
      Service: 'SQS',
      Api: 'SendMessage',
      AccessKey: undefined,
    });

    const result = await readSdkCsm(`${attempt}\n${otherClient}`, options);

    expect(result.records[0]!.ok).toBe(false);
  });
});

describe('apiCallDecision', () => {
  const cases: Array<{
    name: string;
    status?: number;
    code?: string;
    message?: string;
    decision: string;
  }> = [
    { name: 'success', status: 200, decision: 'allow' },
    { name: 'redirect', status: 307, decision: 'allow' },
    { name: 'AccessDenied', status: 403, code: 'AccessDenied', decision: 'implicit-deny' },
    {
      name: 'AccessDeniedException',
      status: 400,
      code: 'AccessDeniedException',
      decision: 'implicit-deny',
    },
    {
      name: 'explicit deny',
      status: 403,
      code: 'AccessDenied',
      message: 'with an explicit deny in a service control policy',
      decision: 'explicit-deny',
    },
    {
      name: 'EC2 UnauthorizedOperation',
      status: 403,
      code: 'UnauthorizedOperation',
      decision: 'implicit-deny',
    },
    {
      name: 'SNS AuthorizationError',
      status: 403,
      code: 'AuthorizationError',
      decision: 'implicit-deny',
    },
    { name: 'S3 HEAD 403 without body', status: 403, code: '403', decision: 'implicit-deny' },
    { name: '403 without a code', status: 403, decision: 'implicit-deny' },
    {
      name: 'KMS key denial of another service',
      status: 400,
      code: 'KmsAccessDeniedException',
      decision: 'unknown',
    },
    { name: 'expired token', status: 403, code: 'ExpiredToken', decision: 'unknown' },
    { name: 'not found', status: 404, code: 'NoSuchKey', decision: 'unknown' },
    { name: 'throttled', status: 400, code: 'ThrottlingException', decision: 'unknown' },
    { name: 'no answer', decision: 'unknown' },
  ];

  it.each(cases)('maps $name to $decision', ({ status, code, message, decision }) => {
    expect(
      apiCallDecision({
        finalHttpStatusCode: status,
        finalAwsException: code,
        finalAwsExceptionMessage: message,
      }),
    ).toBe(decision);
  });
});

describe('redactSessionToken', () => {
  it('replaces the token value only', () => {
    expect(redactSessionToken('{"AccessKey":"ASIAX","SessionToken":"ab\\"c=="}')).toBe(
      '{"AccessKey":"ASIAX","SessionToken":"(redacted)"}',
    );
  });
});
