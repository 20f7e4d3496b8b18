import { describe, expect, it } from 'vitest';

import { readLocalStackPolicyStream } from './localstack-policy-stream.js';
import type { RecordResult } from './record-errors.js';

const receivedAt = new Date('2026-12-01T10:00:00.000Z');
const ROLE = 'arn:aws:iam::123456789012:role/app';
const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:resize';

function entry(overrides: Record<string, unknown> = {}, statement: Record<string, unknown> = {}) {
  return JSON.stringify({
    resource: ROLE,
    policy_type: 'identity',
    policy_document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::b/k',
          Sid: 'Test1',
          ...statement,
        },
      ],
    },
    request: { id: 'req-1', service: 's3', operation: 'GetObject', allowed: true },
    ...overrides,
  });
}

function resourceEntry(statement: Record<string, unknown>) {
  return entry(
    { resource: FUNCTION, policy_type: 'resource' },
    { Action: 'lambda:InvokeFunction', Resource: FUNCTION, ...statement },
  );
}

function read(body: string): RecordResult[] {
  return readLocalStackPolicyStream(body, { receivedAt });
}

/** Returns the events of the first record, failing the test when it was rejected. */
function eventsOf(body: string) {
  const [result] = read(body);
  if (result === undefined || !result.ok) {
    throw new Error(`expected an accepted record, got ${JSON.stringify(result)}`);
  }
  return result.events;
}

function firstError(body: string): { field: string; error: string } {
  const [result] = read(body);
  if (result === undefined || result.ok) {
    throw new Error(`expected a rejected record, got ${JSON.stringify(result)}`);
  }
  return result.errors[0]!;
}

describe('readLocalStackPolicyStream', () => {
  it('turns an identity entry into one event', () => {
    const [result] = read(entry());

    expect(result?.ok).toBe(true);
    if (result?.ok) {
      expect(result.events).toHaveLength(1);
      expect(result.events[0]).toMatchObject({
        source: 'localstack-policy-stream',
        policyType: 'identity',
        attachTo: ROLE,
        principal: { arn: ROLE, kind: 'role' },
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        decision: 'allow',
        time: '2026-12-01T10:00:00.000Z',
        request: { service: 's3', operation: 'GetObject', id: 'req-1', account: '123456789012' },
      });
    }
  });

  it('makes one event per action and resource', () => {
    const [result] = read(
      entry(
        {},
        {
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: ['arn:aws:s3:::b/1', 'arn:aws:s3:::b/2'],
        },
      ),
    );

    expect(result?.ok).toBe(true);
    expect(result?.ok ? result.events : []).toHaveLength(4);
  });

  it('skips blank keep-alive lines and numbers lines from 1', () => {
    const results = read(
      `\n${entry()}\n   \n${entry({ request: { id: 'req-2', service: 's3', operation: 'GetObject' } })}\n`,
    );

    expect(results.map((result) => result.line)).toEqual([2, 4]);
  });

  it('gives the same ids for the same entry', () => {
    const [first] = eventsOf(entry());
    const [second] = eventsOf(entry());

    expect(first?.id).toMatch(/^localstack:req-1:[0-9a-f]{16}$/);
    expect(second?.id).toBe(first?.id);
  });

  it.each([
    [true, 'allow'],
    [false, 'implicit-deny'],
    [undefined, 'unknown'],
  ])('maps allowed %s to %s', (allowed, decision) => {
    const [event] = eventsOf(
      entry({ request: { id: 'r', service: 's3', operation: 'GetObject', allowed } }),
    );

    expect(event?.decision).toBe(decision);
  });

  it('keeps Principal and Condition on resource statements', () => {
    const [result] = read(
      resourceEntry({
        Principal: { Service: ['s3.amazonaws.com'] },
        Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::uploads' } },
      }),
    );

    expect(result?.ok).toBe(true);
    if (result?.ok) {
      expect(result.events[0]).toMatchObject({
        policyType: 'resource',
        attachTo: FUNCTION,
        principal: { arn: 's3.amazonaws.com', kind: 'service' },
        principalInStatement: { Service: ['s3.amazonaws.com'] },
        condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::uploads' } },
      });
    }
  });

  it('reads a bare account id principal as that account root', () => {
    const [event] = eventsOf(resourceEntry({ Principal: { AWS: '444444444444' } }));

    expect(event?.principal).toEqual({
      arn: 'arn:aws:iam::444444444444:root',
      kind: 'root',
    });
  });

  it('writes boolean and number condition values as strings', () => {
    const [event] = eventsOf(
      resourceEntry({
        Principal: '*',
        Condition: {
          Bool: { 'aws:SecureTransport': true },
          NumericLessThan: { 's3:max-keys': [10] },
        },
      }),
    );

    expect(event?.condition).toEqual({
      Bool: { 'aws:SecureTransport': 'true' },
      NumericLessThan: { 's3:max-keys': ['10'] },
    });
  });

  const invalid: Array<{ name: string; body: string; field: string; error: RegExp }> = [
    { name: 'malformed JSON', body: '{"resource": ', field: '(line)', error: /not valid JSON/ },
    {
      name: 'unknown policy_type',
      body: entry({ policy_type: 'session' }),
      field: 'policy_type',
      error: /"session"/,
    },
    {
      name: 'resource not an ARN',
      body: entry({ resource: 'role/app' }),
      field: 'resource',
      error: /must be an ARN/,
    },
    {
      name: 'missing request',
      body: entry({ request: undefined }),
      field: 'request',
      error: /is missing/,
    },
    {
      name: 'Deny statement',
      body: entry({}, { Effect: 'Deny' }),
      field: 'policy_document.Statement[0].Effect',
      error: /must be "Allow"/,
    },
    {
      name: 'NotAction',
      body: entry({}, { NotAction: 's3:*' }),
      field: 'policy_document.Statement[0].NotAction',
      error: /not supported/,
    },
    {
      name: 'resource statement without Principal',
      body: resourceEntry({}),
      field: 'policy_document.Statement[0].Principal',
      error: /is missing/,
    },
    {
      name: 'Principal of the wrong shape',
      body: resourceEntry({ Principal: { AWS: { nested: 'x' } } }),
      field: 'policy_document.Statement[0].Principal',
      error: /must be "\*" or an object/,
    },
    {
      name: 'Principal on an identity statement',
      body: entry({}, { Principal: '*' }),
      field: 'policy_document.Statement[0].Principal',
      error: /only allowed when policy_type is "resource"/,
    },
    {
      name: 'wildcard action',
      body: entry({}, { Action: 's3:Get*' }),
      field: 'policy_document.Statement.Action',
      error: /without wildcards/,
    },
    {
      name: 'over-long request id',
      body: entry({ request: { id: 'x'.repeat(300), service: 's3', operation: 'GetObject' } }),
      field: 'request.id',
      error: /256/,
    },
  ];

  it.each(invalid)('rejects $name naming the field', ({ body, field, error }) => {
    const rejection = firstError(body);

    expect(rejection.field).toBe(field);
    expect(rejection.error).toMatch(error);
  });

  it('keeps the raw line of a rejected record', () => {
    const body = entry({ policy_type: 'session' });
    const [result] = read(body);

    expect(result?.ok).toBe(false);
    expect(result?.ok === false ? result.raw : undefined).toBe(body);
  });
});
