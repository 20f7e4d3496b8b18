import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import { beforeAll, describe, expect, it } from 'vitest';

import type { RecordResult } from '../record-errors.js';
import { CloudTrailReader } from './reader.js';

const fixture = (name: string) =>
  new URL(`../../test-fixtures/cloudtrail/${name}`, import.meta.url);

const logFile = readFileSync(fixture('sample-log-file.json'), 'utf8');
const ndjson = readFileSync(fixture('sample-records.ndjson'), 'utf8');

let reader: CloudTrailReader;

beforeAll(async () => {
  reader = await CloudTrailReader.create();
});

function summary(records: RecordResult[]) {
  return records.map((record) =>
    record.ok
      ? { line: record.line, actions: record.events.map((event) => event.action) }
      : { line: record.line, fields: record.errors.map((error) => error.field) },
  );
}

function eventIdsOf(text: string): string[] {
  return reader
    .read(text)
    .records.flatMap((record) => (record.ok ? record.events.map((event) => event.id) : []));
}

function minimalRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventID: 'e0e0e0e0-5555-4666-8777-000000004001',
    eventTime: '2026-05-22T12:00:00Z',
    eventSource: 'kinesis.amazonaws.com',
    eventName: 'PutRecord',
    awsRegion: 'sa-east-1',
    recipientAccountId: '646464646464',
    userIdentity: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::646464646464:user/clicks',
      accountId: '646464646464',
    },
    requestParameters: { streamName: 'clicks' },
    ...overrides,
  };
}

describe('CloudTrailReader on a log file', () => {
  it('maps, skips and counts each record of the file', () => {
    const result = reader.read(logFile);

    expect(summary(result.records)).toEqual([
      { line: 1, actions: ['s3:PutObject'] },
      { line: 2, actions: ['cloudfront:CreateInvalidation'] },
      { line: 6, actions: ['lambda:UpdateFunctionConfiguration', 'iam:PassRole'] },
    ]);
    expect(result.skipped).toBe(1);
    expect(result.skippedByReason).toEqual([
      { reason: 'no-permission-needed', key: 'sts.amazonaws.com:GetCallerIdentity', count: 1 },
    ]);
    expect(result.unmapped).toEqual([{ key: 'codebuild.amazonaws.com:StartBuild', count: 2 }]);
  });

  it('marks both permissions of a denied call as denied', () => {
    const denied = reader.read(logFile).records.find((record) => record.line === 6);
    const events = denied?.ok ? denied.events : [];

    expect(events.map((event) => event.decision)).toEqual(['implicit-deny', 'implicit-deny']);
    expect(events.map((event) => event.resource)).toEqual([
      'arn:aws:lambda:eu-west-2:626262626262:function:site-render',
      'arn:aws:iam::626262626262:role/lambda/site-render',
    ]);
    expect(events.map((event) => event.id)).toEqual([
      '41d2c6a8-7e0f-4b19-9c3d-5a6b7c8d9e06',
      '41d2c6a8-7e0f-4b19-9c3d-5a6b7c8d9e06#iam:PassRole',
    ]);
  });

  it('stamps events with the record time, region, account and request id', () => {
    const [first] = reader.read(logFile).records;
    const event = first?.ok ? first.events[0] : undefined;

    expect(event?.time).toBe('2026-05-20T10:01:00Z');
    expect(event?.source).toBe('cloudtrail');
    expect(event?.request).toEqual({
      service: 's3.amazonaws.com',
      operation: 'PutObject',
      id: '9S3J1X6Z0Q2W8E4R',
      region: 'eu-west-2',
      account: '626262626262',
    });
  });

  it('reads the gzip fixture like the plain file', () => {
    const unzipped = gunzipSync(readFileSync(fixture('sample-log-file.json.gz'))).toString('utf8');

    expect(reader.read(unzipped)).toEqual(reader.read(logFile));
  });

  it('returns the same ids when a file is read twice', () => {
    expect(eventIdsOf(logFile)).toEqual(eventIdsOf(logFile));
    expect(new Set(eventIdsOf(logFile)).size).toBe(eventIdsOf(logFile).length);
  });
});

describe('CloudTrailReader on NDJSON', () => {
  it('maps valid lines and rejects broken ones by line number', () => {
    const result = reader.read(ndjson);

    expect(summary(result.records)).toEqual([
      { line: 1, actions: ['sqs:SendMessage'] },
      { line: 3, fields: ['(line)'] },
      { line: 4, fields: ['userIdentity'] },
    ]);
    expect(result.unmapped).toEqual([{ key: 'sqs.amazonaws.com:StartMessageMoveTask', count: 1 }]);
  });

  it('explains the rejected lines and keeps their text for dead letters', () => {
    const rejected = reader.read(ndjson).records.filter((record) => !record.ok);

    expect(rejected.map((record) => (record.ok ? '' : record.errors[0]!.error))).toEqual([
      expect.stringMatching(/^is not valid JSON: /),
      'is missing',
    ]);
    expect(rejected.every((record) => !record.ok && record.raw !== undefined)).toBe(true);
  });

  it('expands a whole log file on one line', () => {
    const line = JSON.stringify({ Records: [minimalRecord(), minimalRecord()] });
    const result = reader.read(`${JSON.stringify(minimalRecord())}\n${line}\n`);

    expect(result.records.map((record) => record.line)).toEqual([1, 2, 2]);
  });
});

describe('CloudTrailReader body layouts', () => {
  it('reads a JSON array of records', () => {
    const result = reader.read(JSON.stringify([minimalRecord(), minimalRecord()]));

    expect(summary(result.records)).toEqual([
      { line: 1, actions: ['kinesis:PutRecord'] },
      { line: 2, actions: ['kinesis:PutRecord'] },
    ]);
  });

  it('reads one pretty-printed record', () => {
    const result = reader.read(JSON.stringify(minimalRecord(), null, 2));

    expect(summary(result.records)).toEqual([{ line: 1, actions: ['kinesis:PutRecord'] }]);
  });

  it('ignores a byte order mark', () => {
    const result = reader.read(`\ufeff${JSON.stringify({ Records: [minimalRecord()] })}`);

    expect(summary(result.records)).toEqual([{ line: 1, actions: ['kinesis:PutRecord'] }]);
  });

  it('rejects a truncated log file as a whole', () => {
    const result = reader.read(logFile.slice(0, 500));

    expect(result.records).toHaveLength(1);
    expect(result.records[0]).toMatchObject({
      ok: false,
      errors: [{ field: '(body)', error: expect.stringMatching(/^is not valid JSON: /) }],
    });
  });

  it('rejects deeply nested input instead of overflowing the stack', () => {
    const nested = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const deepParameters = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const recordText = JSON.stringify(minimalRecord({ requestParameters: 'DEEP' })).replace(
      '"DEEP"',
      deepParameters,
    );

    const array = reader.read(nested);
    const record = reader.read(`[${recordText}]`);

    expect(summary(array.records)).toEqual([{ line: 1, fields: ['(record)'] }]);
    expect(summary(record.records)).toEqual([{ line: 1, fields: ['(record)'] }]);
  });

  it('rejects Records that is not an array', () => {
    const result = reader.read('{"Records": {"eventID": "x"}}');

    expect(result.records).toEqual([
      {
        line: 1,
        ok: false,
        errors: [{ field: 'Records', error: 'must be an array of CloudTrail records' }],
      },
    ]);
  });

  it('rejects a record that is not an object', () => {
    const result = reader.read(JSON.stringify({ Records: [minimalRecord(), 'oops', null] }));

    expect(summary(result.records)).toEqual([
      { line: 1, actions: ['kinesis:PutRecord'] },
      { line: 2, fields: ['(record)'] },
      { line: 3, fields: ['(record)'] },
    ]);
  });

  it('finds no records in an empty body', () => {
    expect(reader.read('  \n')).toEqual({
      records: [],
      skipped: 0,
      unmapped: [],
      skippedByReason: [],
    });
  });
});

describe('CloudTrailReader counts', () => {
  it('counts unmapped calls per eventSource:eventName, sorted', () => {
    const records = [
      minimalRecord({ eventSource: 'glue.amazonaws.com', eventName: 'GetTable' }),
      minimalRecord({ eventSource: 'athena.amazonaws.com', eventName: 'StartQueryExecution' }),
      minimalRecord({ eventSource: 'glue.amazonaws.com', eventName: 'GetTable' }),
      minimalRecord({ eventSource: 'glue.amazonaws.com', eventName: 'GetTables' }),
      minimalRecord(),
    ];

    const result = reader.read(JSON.stringify({ Records: records }));

    expect(result.unmapped).toEqual([
      { key: 'athena.amazonaws.com:StartQueryExecution', count: 1 },
      { key: 'glue.amazonaws.com:GetTable', count: 2 },
      { key: 'glue.amazonaws.com:GetTables', count: 1 },
    ]);
    expect(result.records).toHaveLength(1);
  });

  it('counts skipped records per reason and key', () => {
    const records = [
      minimalRecord({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' }),
      minimalRecord({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' }),
      minimalRecord({
        eventType: 'AwsConsoleSignIn',
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
      }),
      minimalRecord({ userIdentity: { type: 'AWSAccount', accountId: '656565656565' } }),
    ];

    const result = reader.read(JSON.stringify({ Records: records }));

    expect(result.skipped).toBe(4);
    expect(result.skippedByReason).toEqual([
      { reason: 'no-iam-principal', key: 'kinesis.amazonaws.com:PutRecord', count: 1 },
      { reason: 'no-permission-needed', key: 'sts.amazonaws.com:GetCallerIdentity', count: 2 },
      { reason: 'not-an-api-call', key: 'signin.amazonaws.com:ConsoleLogin', count: 1 },
    ]);
  });

  it('reports the catalog version it checked the table against', () => {
    expect(reader.catalogVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
