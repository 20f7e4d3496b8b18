import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { IamEvaluationEvent } from '../../../contract/src/index.js';
import type { RecordResult, SourceReadResult } from '../record-errors.js';
import { readLocalStackLogs, type LocalStackLogOptions } from './index.js';

const ACCOUNT = '314159265358';
const RECEIVED_AT = new Date('2026-12-04T12:00:00.000Z');

function fixture(name: string): string {
  return readFileSync(new URL(`../../test-fixtures/localstack/${name}`, import.meta.url), 'utf8');
}

function read(text: string, options: Partial<LocalStackLogOptions> = {}): SourceReadResult {
  return readLocalStackLogs(text, { receivedAt: RECEIVED_AT, ...options });
}

/** An event without its id, with the line of the record it came from. */
type ExpectedEvent = Omit<IamEvaluationEvent, 'id'> & { line: number };

function eventsOf(result: SourceReadResult): ExpectedEvent[] {
  return result.records.flatMap((record) =>
    record.ok
      ? record.events.map(({ id: _id, ...event }) => ({ line: record.line, ...event }))
      : [],
  );
}

function rejectionsOf(
  result: SourceReadResult,
): Array<{ line: number; field: string; error: string }> {
  return result.records.flatMap((record) =>
    record.ok ? [] : record.errors.map((error) => ({ line: record.line, ...error })),
  );
}

function idsOf(result: SourceReadResult): string[] {
  return result.records.flatMap((record) =>
    record.ok ? record.events.map((event) => event.id) : [],
  );
}

const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const session = (roleName: string, sessionName: string) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${sessionName}`;

/** Builds an identity-policy event of `principal` with the log's fields. */
function identityEvent(
  line: number,
  principal: IamEvaluationEvent['principal'],
  fields: Pick<IamEvaluationEvent, 'time' | 'action' | 'resource' | 'decision' | 'request'>,
): ExpectedEvent {
  return {
    line,
    source: 'localstack-logs',
    principal,
    policyType: 'identity',
    attachTo: principal.arn,
    ...fields,
  };
}

interface LogCase {
  name: string;
  fixture: string;
  options?: Partial<LocalStackLogOptions>;
  events: ExpectedEvent[];
  rejected: Array<{ line: number; field: string; error: RegExp }>;
  skipped: number;
}

const cases: LogCase[] = [
  {
    name: 'current format, implicit deny',
    fixture: 'current-implicit-deny.log',
    events: [
      // The session ARN drops the role path, so a role under a path such as
      // /service-roles/ folds to role/ledger-writer here.
      identityEvent(
        1,
        {
          arn: role('ledger-writer'),
          kind: 'role',
          sessionArn: session('ledger-writer', 'build-42'),
        },
        {
          time: '2026-05-11T08:02:17.311Z',
          action: 'dynamodb:UpdateItem',
          resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/ledger-entries`,
          decision: 'implicit-deny',
          request: {
            service: 'dynamodb',
            operation: 'UpdateItem',
            region: 'eu-west-1',
            account: ACCOUNT,
          },
        },
      ),
      identityEvent(
        3,
        { arn: user('report-bot'), kind: 'user' },
        {
          time: '2026-05-11T08:02:18.020Z',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::ledger-reports/2026/05/summary.csv',
          decision: 'implicit-deny',
          // The operation comes from the request log line that follows on the same thread.
          request: { service: 's3', operation: 'HeadObject', account: ACCOUNT },
        },
      ),
      identityEvent(
        5,
        { arn: `arn:aws:iam::${ACCOUNT}:root`, kind: 'root' },
        {
          time: '2026-05-11T08:02:19.400Z',
          action: 'sqs:ListQueues',
          resource: '*',
          decision: 'implicit-deny',
          request: { service: 'sqs', operation: 'ListQueues', account: ACCOUNT },
        },
      ),
    ],
    rejected: [],
    skipped: 1,
  },
  {
    name: 'current format, explicit deny by policy type',
    fixture: 'current-explicit-deny.log',
    events: [
      identityEvent(
        1,
        { arn: user('release-bot'), kind: 'user' },
        {
          time: '2026-05-11T09:14:03.870Z',
          action: 's3:PutBucketPolicy',
          resource: 'arn:aws:s3:::ledger-releases',
          decision: 'explicit-deny',
          request: { service: 's3', operation: 'PutBucketPolicy', account: ACCOUNT },
        },
      ),
      identityEvent(
        3,
        { arn: role('ledger-reader'), kind: 'role', sessionArn: session('ledger-reader', 'alice') },
        {
          time: '2026-05-11T09:14:05.101Z',
          action: 'kms:Decrypt',
          resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0b7c1f0e-2d55-4c3a-9f1e-6d2a8c4b7e90`,
          decision: 'explicit-deny',
          request: { service: 'kms', operation: 'Decrypt', region: 'eu-west-1', account: ACCOUNT },
        },
      ),
      identityEvent(
        4,
        { arn: user('release-bot'), kind: 'user' },
        {
          time: '2026-05-11T09:14:06.250Z',
          action: 'iam:CreatePolicyVersion',
          resource: `arn:aws:iam::${ACCOUNT}:policy/ledger-deploy`,
          decision: 'explicit-deny',
          request: { service: 'iam', operation: 'CreatePolicyVersion', account: ACCOUNT },
        },
      ),
    ],
    rejected: [],
    skipped: 0,
  },
  {
    name: '2023-2025 format with a decision per permission',
    fixture: 'request-with-principal.log',
    events: [
      identityEvent(
        1,
        { arn: user('scheduler'), kind: 'user' },
        {
          time: '2025-02-17T14:40:51.907Z',
          action: 'ecs:RunTask',
          resource: `arn:aws:ecs:eu-central-1:${ACCOUNT}:task-definition/ledger-nightly:7`,
          decision: 'allow',
          request: {
            service: 'ecs',
            operation: 'RunTask',
            region: 'eu-central-1',
            account: ACCOUNT,
          },
        },
      ),
      identityEvent(
        1,
        { arn: user('scheduler'), kind: 'user' },
        {
          time: '2025-02-17T14:40:51.907Z',
          action: 'iam:PassRole',
          resource: role('ledger-nightly-task'),
          decision: 'implicit-deny',
          request: { service: 'ecs', operation: 'RunTask', account: ACCOUNT },
        },
      ),
      identityEvent(
        6,
        {
          arn: role('ledger-notifier'),
          kind: 'role',
          sessionArn: session('ledger-notifier', 'lambda-session'),
        },
        {
          time: '2025-02-17T14:40:52.330Z',
          action: 'sns:Publish',
          resource: `arn:aws:sns:eu-central-1:${ACCOUNT}:ledger-alerts`,
          decision: 'allow',
          request: {
            service: 'sns',
            operation: 'Publish',
            region: 'eu-central-1',
            account: ACCOUNT,
          },
        },
      ),
      identityEvent(
        11,
        { arn: user('scheduler'), kind: 'user' },
        {
          time: '2025-02-17T14:40:53.004Z',
          action: 'secretsmanager:GetSecretValue',
          resource: `arn:aws:secretsmanager:eu-central-1:${ACCOUNT}:secret:ledger/db-AbCdEf`,
          decision: 'explicit-deny',
          request: {
            service: 'secretsmanager',
            operation: 'GetSecretValue',
            region: 'eu-central-1',
            account: ACCOUNT,
          },
        },
      ),
      // A denied request whose outcome lines are missing: which permission was denied is unknown.
      identityEvent(
        16,
        { arn: user('scheduler'), kind: 'user' },
        {
          time: '2025-02-17T14:40:54.118Z',
          action: 'logs:PutLogEvents',
          resource: `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/ledger/nightly:log-stream:run-7`,
          decision: 'unknown',
          request: {
            service: 'logs',
            operation: 'PutLogEvents',
            region: 'eu-central-1',
            account: ACCOUNT,
          },
        },
      ),
    ],
    rejected: [],
    skipped: 0,
  },
  {
    name: 'service principals in resource-based policies',
    fixture: 'service-principal.log',
    events: [
      {
        line: 1,
        time: '2024-10-03T06:55:12.640Z',
        source: 'localstack-logs',
        principal: { arn: 'sns.amazonaws.com', kind: 'service' },
        policyType: 'resource',
        attachTo: `arn:aws:sqs:ap-southeast-2:${ACCOUNT}:ledger-fanout`,
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:ap-southeast-2:${ACCOUNT}:ledger-fanout`,
        decision: 'implicit-deny',
        request: {
          service: 'sqs',
          operation: 'SendMessage',
          region: 'ap-southeast-2',
          account: ACCOUNT,
        },
      },
      {
        line: 6,
        time: '2024-10-03T06:55:14.002Z',
        source: 'localstack-logs',
        principal: { arn: 'lambda.amazonaws.com', kind: 'service' },
        policyType: 'resource',
        attachTo: role('ledger-compactor'),
        action: 'sts:AssumeRole',
        resource: role('ledger-compactor'),
        decision: 'allow',
        request: { service: 'sts', operation: 'AssumeRole', account: ACCOUNT },
      },
    ],
    rejected: [
      {
        line: 11,
        field: 'resource',
        error: /is "\*" for ec2:DescribeInstances by the service principal ec2\.amazonaws\.com/,
      },
    ],
    skipped: 0,
  },
  {
    name: 'records of interleaved threads',
    fixture: 'interleaved-threads.log',
    events: [
      identityEvent(
        1,
        { arn: user('uploader'), kind: 'user' },
        {
          time: '2025-03-09T21:07:44.512Z',
          action: 's3:PutObject',
          resource: 'arn:aws:s3:::ledger-inbox/batch-0009.json',
          decision: 'implicit-deny',
          request: { service: 's3', operation: 'PutObject', account: ACCOUNT },
        },
      ),
      identityEvent(
        2,
        { arn: role('ledger-reader'), kind: 'role', sessionArn: session('ledger-reader', 'bob') },
        {
          time: '2025-03-09T21:07:44.512Z',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::ledger-inbox/batch-0008.json',
          decision: 'allow',
          request: { service: 's3', operation: 'GetObject', account: ACCOUNT },
        },
      ),
      // Its DEBUG lines are stamped one millisecond after the header, which still groups them.
      identityEvent(
        12,
        { arn: user('uploader'), kind: 'user' },
        {
          time: '2025-03-09T21:07:44.999Z',
          action: 'dynamodb:Query',
          resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/ledger-entries/index/by-account`,
          decision: 'implicit-deny',
          request: {
            service: 'dynamodb',
            operation: 'Query',
            region: 'eu-west-1',
            account: ACCOUNT,
          },
        },
      ),
      identityEvent(
        13,
        { arn: user('uploader'), kind: 'user' },
        {
          time: '2025-03-09T21:07:44.999Z',
          action: 's3:PutObject',
          resource: 'arn:aws:s3:::ledger-inbox/batch-0010.json',
          decision: 'implicit-deny',
          request: { service: 's3', operation: 'PutObject', account: ACCOUNT },
        },
      ),
    ],
    rejected: [],
    skipped: 1,
  },
  {
    name: '2022 format without a default principal',
    fixture: 'no-principal-2022.log',
    events: [],
    rejected: [
      {
        line: 1,
        field: 'principal',
        error: /is missing: LocalStack logs from 2022 do not name the principal/,
      },
      { line: 6, field: 'principal', error: /is missing/ },
    ],
    skipped: 0,
  },
  {
    name: '2022 format with a default principal',
    fixture: 'no-principal-2022.log',
    options: { principal: session('ledger-worker', 'worker-3') },
    events: [
      identityEvent(
        1,
        {
          arn: role('ledger-worker'),
          kind: 'role',
          sessionArn: session('ledger-worker', 'worker-3'),
        },
        {
          time: '2022-08-23T16:21:05.774Z',
          action: 'sqs:ReceiveMessage',
          resource: `arn:aws:sqs:us-west-2:${ACCOUNT}:ledger-work`,
          decision: 'implicit-deny',
          request: {
            service: 'sqs',
            operation: 'ReceiveMessage',
            region: 'us-west-2',
            account: ACCOUNT,
          },
        },
      ),
      // Python's default log format prints no time, so the receive time is used.
      identityEvent(
        6,
        {
          arn: role('ledger-worker'),
          kind: 'role',
          sessionArn: session('ledger-worker', 'worker-3'),
        },
        {
          time: RECEIVED_AT.toISOString(),
          action: 'kinesis:PutRecords',
          resource: `arn:aws:kinesis:us-west-2:${ACCOUNT}:stream/ledger-clicks`,
          decision: 'allow',
          request: {
            service: 'kinesis',
            operation: 'PutRecords',
            region: 'us-west-2',
            account: ACCOUNT,
          },
        },
      ),
    ],
    rejected: [],
    skipped: 0,
  },
  {
    name: 'cut-off and malformed lines',
    fixture: 'cut-and-malformed.log',
    events: [
      identityEvent(
        19,
        { arn: user('ingest-bot'), kind: 'user' },
        {
          time: '2025-06-30T11:45:19.250Z',
          action: 'sqs:GetQueueAttributes',
          resource: `arn:aws:sqs:eu-west-3:${ACCOUNT}:ledger-inbox`,
          decision: 'implicit-deny',
          request: {
            service: 'sqs',
            operation: 'GetQueueAttributes',
            region: 'eu-west-3',
            account: ACCOUNT,
          },
        },
      ),
    ],
    rejected: [
      {
        line: 2,
        field: '(line)',
        error: /^is cut off: the permission list does not end with "\]"$/,
      },
      {
        line: 5,
        field: '(line)',
        error: /^is cut off or malformed: expected "User: <principal> is not authorized/,
      },
      {
        line: 6,
        field: '(line)',
        error: /^is cut off or malformed: expected "Request for service '<service>'/,
      },
      { line: 8, field: '(line)', error: /^starts with a date but is no complete log line/ },
      {
        line: 9,
        field: '(line)',
        error: /^follows no "Request for service" line of thread "et\.reactor-0" within 1000 ms/,
      },
      { line: 12, field: '(line)', error: /^states 2 permissions implicitly denied but lists 1$/ },
      {
        line: 15,
        field: '(line)',
        error: /^is cut off: the message "1 permissions have been explicitly all" is incomplete$/,
      },
      {
        line: 16,
        field: '(line)',
        error: /^follows no "Request for service" line of thread "et\.reactor-2"/,
      },
      { line: 17, field: '(line)', error: /^starts with a log level but is no complete log line/ },
      { line: 18, field: '(line)', error: /^is cut off or malformed: expected "User:/ },
      {
        line: 20,
        field: '(line)',
        error: /^has the time "2025-02-30T10:00:00\.000", which is not a valid date$/,
      },
      {
        line: 21,
        field: '(line)',
        error: /^is cut off: the message "Necessary permissions for this act" is incomplete$/,
      },
    ],
    skipped: 0,
  },
  {
    name: 'lines that are no IAM records',
    fixture: 'unrelated-lines.log',
    events: [
      identityEvent(
        16,
        { arn: user('ops'), kind: 'user' },
        {
          time: '2025-01-14T07:00:07.500Z',
          action: 's3:ListAllMyBuckets',
          resource: '*',
          decision: 'allow',
          request: { service: 's3', operation: 'ListBuckets', account: ACCOUNT },
        },
      ),
    ],
    rejected: [],
    skipped: 12,
  },
  {
    name: 'header without DEBUG lines',
    fixture: 'no-debug-lines.log',
    events: [],
    rejected: [{ line: 1, field: '(record)', error: /LocalStack logs it only with DEBUG=1/ }],
    skipped: 1,
  },
];

describe('readLocalStackLogs', () => {
  it.each(cases)('reads $name', ({ fixture: name, options, events, rejected, skipped }) => {
    const result = read(fixture(name), options);

    expect(eventsOf(result)).toEqual(events);
    expect(rejectionsOf(result)).toEqual(
      rejected.map(({ line, field, error }) => ({
        line,
        field,
        error: expect.stringMatching(error),
      })),
    );
    expect(result.skipped).toBe(skipped);
  });

  it('gives every event a distinct id', () => {
    for (const { fixture: name, options } of cases) {
      const ids = idsOf(read(fixture(name), options));

      expect(new Set(ids).size, name).toBe(ids.length);
      for (const id of ids) {
        expect(id).toMatch(/^localstack-logs:[0-9a-f]{32}$/);
      }
    }
  });

  it('gives the same log the same ids twice', () => {
    const text = fixture('request-with-principal.log');
    const later = new Date('2027-01-01T00:00:00.000Z');

    expect(readLocalStackLogs(text, { receivedAt: later })).toEqual(read(text));
  });

  it('keeps ids when a log arrives in pieces', () => {
    const text = fixture('interleaved-threads.log');
    const lines = text.split('\n');
    const whole = read(text);
    const pieces = [read(lines.slice(0, 11).join('\n')), read(lines.slice(11).join('\n'))];

    expect(pieces.flatMap(idsOf).toSorted()).toEqual(idsOf(whole).toSorted());
  });

  it('gives a different principal different ids', () => {
    const text = fixture('no-principal-2022.log');

    const first = read(text, { principal: user('first') });
    const second = read(text, { principal: user('second') });

    expect(idsOf(first)).toHaveLength(2);
    expect(idsOf(first).filter((id) => idsOf(second).includes(id))).toEqual([]);
  });

  it('attributes a default principal that is a service', () => {
    const text = fixture('no-principal-2022.log');

    const [record] = read(text, { principal: 'sqs.amazonaws.com' }).records as RecordResult[];

    expect(record).toMatchObject({
      ok: true,
      events: [
        {
          principal: { arn: 'sqs.amazonaws.com', kind: 'service' },
          policyType: 'resource',
          attachTo: `arn:aws:sqs:us-west-2:${ACCOUNT}:ledger-work`,
        },
      ],
    });
  });

  it('rejects a principal that is no ARN', () => {
    const text = fixture('no-principal-2022.log');

    const rejected = rejectionsOf(read(text, { principal: 'ledger-worker' }));

    expect(rejected).toEqual([
      {
        line: 1,
        field: 'principal',
        error: expect.stringMatching(/^is "ledger-worker" but must be an IAM user/),
      },
      {
        line: 6,
        field: 'principal',
        error: expect.stringMatching(/^is "ledger-worker" but must be/),
      },
    ]);
  });

  it('keeps the lines of a rejected record for the dead-letter topic', () => {
    const lines = fixture('cut-and-malformed.log').split('\n');

    const [first] = read(lines.join('\n')).records;

    expect(first).toMatchObject({ ok: false, line: 2, raw: lines.slice(0, 4).join('\n') });
  });

  it('reads CRLF line endings', () => {
    const text = fixture('request-with-principal.log');

    expect(read(text.replaceAll('\n', '\r\n'))).toEqual(read(text));
  });

  it('rejects a record whose last line is cut inside the logger', () => {
    const lines = fixture('request-with-principal.log').split('\n').slice(0, 5);
    lines[4] = lines[4]!.slice(0, lines[4]!.indexOf('l.s.i.p.handler') + 5);

    const result = read(lines.join('\n'));

    expect(eventsOf(result)).toEqual([]);
    expect(rejectionsOf(result)).toEqual([
      { line: 5, field: '(line)', error: expect.stringMatching(/^starts with a date/) },
    ]);
  });

  it('rejects an empty message of the handler', () => {
    const text = '2025-02-17T14:40:51.907  INFO --- [et.reactor-2] l.s.i.p.handler : ';

    expect(rejectionsOf(read(text))).toEqual([
      { line: 1, field: '(line)', error: 'is cut off: the message "" is incomplete' },
    ]);
  });

  it('reads an empty body as nothing', () => {
    expect(read('')).toEqual({ records: [], skipped: 0 });
    expect(read('\n\n  \n')).toEqual({ records: [], skipped: 0 });
  });
});

describe('readLocalStackLogs with a line cut at every position', () => {
  const sources = [
    { name: 'current format', lines: fixture('current-explicit-deny.log').split('\n').slice(0, 1) },
    {
      name: '2023-2025 format',
      lines: fixture('request-with-principal.log').split('\n').slice(0, 5),
    },
  ];

  it.each(sources)('rejects the cut line of the $name or reads it unchanged', ({ lines }) => {
    const whole = read(lines.join('\n'));

    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      for (let end = 'YYYY-MM-DD'.length; end < line.length; end++) {
        const cut = [...lines.slice(0, index), line.slice(0, end)];
        const result = read(cut.join('\n'));
        const rejectedLines = rejectionsOf(result).map((rejection) => rejection.line);
        const label = `line ${index + 1} cut after ${end} characters`;

        if (rejectedLines.length === 0) {
          // Only the policy id of an explicit deny may be cut without a rejection, because
          // no event field comes from it.
          expect(line.slice(end), label).not.toContain('with an explicit deny');
          expect(eventsOf(result), label).toEqual(eventsOf(whole));
        } else {
          expect(rejectedLines, label).toContain(index + 1);
        }
      }
    }
  });
});
