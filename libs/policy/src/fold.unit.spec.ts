import { describe, expect, it } from 'vitest';

import { validateEvaluationEvent } from '../../contract/src/index.js';

import { synthesisePolicyDocument } from './document.js';
import { isInvalidEventTimeError, isPolicyMismatchError } from './errors.js';
import {
  currentPolicyDocument,
  emptyPolicyState,
  evolvePolicy,
  foldEvents,
  type PolicyState,
} from './fold.js';
import { permissionKey } from './permission.js';
import { BUCKET_ARN, makeEvent, ROLE_ARN } from './testing/events.js';

const OBJECT_ARN = `${BUCKET_ARN}/report.csv`;

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }

  return undefined;
}

function snapshot(state: PolicyState): unknown {
  return { ...state, permissions: [...state.permissions.entries()] };
}

describe('makeEvent', () => {
  it('builds a contract-valid event', () => {
    expect(validateEvaluationEvent(makeEvent())).toMatchObject({ ok: true });
  });
});

describe('evolvePolicy', () => {
  it('adds a permission as version 1', () => {
    const event = makeEvent({ id: 'e1' });

    const { state, newVersion } = evolvePolicy(emptyPolicyState(ROLE_ARN, 'identity'), event);

    expect(state.version).toBe(1);
    expect(state.eventCount).toBe(1);
    expect(state.firstSeen).toBe('2026-01-01T00:00:00.000Z');
    expect(state.lastSeen).toBe('2026-01-01T00:00:00.000Z');
    expect(newVersion).toEqual({
      version: 1,
      document: synthesisePolicyDocument('identity', [
        { action: 's3:GetObject', resource: OBJECT_ARN },
      ]),
      added: [{ action: 's3:GetObject', resource: OBJECT_ARN }],
      causedBy: 'e1',
    });
  });

  it('records evidence for a new permission', () => {
    const event = makeEvent({ id: 'e1', decision: 'implicit-deny' });

    const { state } = evolvePolicy(emptyPolicyState(ROLE_ARN, 'identity'), event);

    const key = permissionKey({ action: 's3:GetObject', resource: OBJECT_ARN });
    expect([...state.permissions.keys()]).toEqual([key]);
    expect(state.permissions.get(key)).toEqual({
      action: 's3:GetObject',
      resource: OBJECT_ARN,
      key,
      addedInVersion: 1,
      firstEventId: 'e1',
      firstSeen: '2026-01-01T00:00:00.000Z',
      lastSeen: '2026-01-01T00:00:00.000Z',
      eventCount: 1,
      allowCount: 0,
      denyCount: 1,
    });
  });

  it.each([
    { decision: 'allow' as const, allowCount: 1, denyCount: 0 },
    { decision: 'implicit-deny' as const, allowCount: 0, denyCount: 1 },
    { decision: 'explicit-deny' as const, allowCount: 0, denyCount: 1 },
    { decision: 'unknown' as const, allowCount: 0, denyCount: 0 },
  ])('adds a permission on $decision', ({ decision, allowCount, denyCount }) => {
    const { state, newVersion } = evolvePolicy(
      emptyPolicyState(ROLE_ARN, 'identity'),
      makeEvent({ decision }),
    );

    const [record] = state.permissions.values();
    expect(newVersion?.version).toBe(1);
    expect(record).toMatchObject({ eventCount: 1, allowCount, denyCount });
  });

  it('makes no version on redelivery', () => {
    const first = evolvePolicy(emptyPolicyState(ROLE_ARN, 'identity'), makeEvent({ id: 'e1' }));

    const second = evolvePolicy(
      first.state,
      makeEvent({ id: 'e2', decision: 'explicit-deny', time: '2026-01-02T00:00:00Z' }),
    );

    const [record] = second.state.permissions.values();
    expect(second.newVersion).toBeUndefined();
    expect(second.state.version).toBe(1);
    expect(second.state.eventCount).toBe(2);
    expect(second.state.lastSeen).toBe('2026-01-02T00:00:00.000Z');
    expect(record).toMatchObject({
      addedInVersion: 1,
      firstEventId: 'e1',
      eventCount: 2,
      allowCount: 1,
      denyCount: 1,
    });
  });

  it('orders times across offsets', () => {
    const events = [
      makeEvent({ id: 'late', time: '2026-01-01T12:00:00+02:00' }),
      makeEvent({ id: 'early', time: '2026-01-01T09:00:00Z' }),
      makeEvent({ id: 'middle', time: '2026-01-01T05:30:00-05:00' }),
    ];

    const { state } = foldEvents(emptyPolicyState(ROLE_ARN, 'identity'), events);

    const [record] = state.permissions.values();
    expect(state.firstSeen).toBe('2026-01-01T09:00:00.000Z');
    expect(state.lastSeen).toBe('2026-01-01T10:30:00.000Z');
    expect(record).toMatchObject({
      firstEventId: 'early',
      firstSeen: '2026-01-01T09:00:00.000Z',
      lastSeen: '2026-01-01T10:30:00.000Z',
    });
  });

  it('breaks first-seen ties by event id', () => {
    const events = [makeEvent({ id: 'b' }), makeEvent({ id: 'a' }), makeEvent({ id: 'c' })];

    const { state } = foldEvents(emptyPolicyState(ROLE_ARN, 'identity'), events);

    const [record] = state.permissions.values();
    expect(record?.firstEventId).toBe('a');
  });

  it('keeps the smallest action spelling', () => {
    const events = [
      makeEvent({ id: 'e1', action: 's3:getObject' }),
      makeEvent({ id: 'e2', action: 's3:GetObject' }),
    ];

    const { state, versions } = foldEvents(emptyPolicyState(ROLE_ARN, 'identity'), events);

    const [record] = state.permissions.values();
    expect(versions).toHaveLength(1);
    expect(versions[0]?.document.Statement[0]?.Action).toEqual(['s3:getObject']);
    expect(record?.action).toBe('s3:GetObject');
    expect(currentPolicyDocument(state).Statement[0]?.Action).toEqual(['s3:GetObject']);
  });

  it('leaves the input state unchanged', () => {
    const first = evolvePolicy(emptyPolicyState(ROLE_ARN, 'identity'), makeEvent({ id: 'e1' }));
    const before = structuredClone(snapshot(first.state));

    const seenAgain = evolvePolicy(first.state, makeEvent({ id: 'e2', action: 's3:getobject' }));
    const added = evolvePolicy(first.state, makeEvent({ id: 'e3', action: 's3:PutObject' }));
    foldEvents(first.state, [makeEvent({ id: 'e4', action: 's3:DeleteObject' })]);

    expect(snapshot(first.state)).toEqual(before);
    expect(seenAgain.state.permissions).not.toBe(first.state.permissions);
    expect(added.state.permissions).not.toBe(first.state.permissions);
  });

  it('rejects an event for another policy', () => {
    const state = emptyPolicyState(ROLE_ARN, 'identity');
    const event = makeEvent({ id: 'e9', attachTo: 'arn:aws:iam::123456789012:role/other' });

    const error = caught(() => evolvePolicy(state, event));

    expect(isPolicyMismatchError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'POLICY_MISMATCH',
      event: { id: 'e9', attachTo: 'arn:aws:iam::123456789012:role/other' },
    });
  });

  it('rejects an event of another policy type', () => {
    const state = emptyPolicyState(BUCKET_ARN, 'identity');
    const event = makeEvent({ attachTo: BUCKET_ARN, policyType: 'resource' });

    const error = caught(() => evolvePolicy(state, event));

    expect(isPolicyMismatchError(error)).toBe(true);
  });

  it('rejects an invalid event time', () => {
    const error = caught(() =>
      evolvePolicy(emptyPolicyState(ROLE_ARN, 'identity'), makeEvent({ time: 'yesterday' })),
    );

    expect(isInvalidEventTimeError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_EVENT_TIME', time: 'yesterday' });
  });
});

describe('foldEvents', () => {
  const events = [
    makeEvent({ id: 'e1', action: 's3:GetObject' }),
    makeEvent({ id: 'e2', action: 's3:GetObject' }),
    makeEvent({ id: 'e3', action: 's3:PutObject', decision: 'implicit-deny' }),
    makeEvent({ id: 'e4', action: 's3:getobject' }),
    makeEvent({ id: 'e5', resource: `${BUCKET_ARN}/other.csv` }),
    makeEvent({ id: 'e6', action: 's3:PutObject' }),
  ];

  it('creates one version per permission', () => {
    const { state, versions } = foldEvents(emptyPolicyState(ROLE_ARN, 'identity'), events);

    expect(versions.map((version) => version.version)).toEqual([1, 2, 3]);
    expect(versions.map((version) => version.causedBy)).toEqual(['e1', 'e3', 'e5']);
    expect(state.version).toBe(3);
    expect(state.permissions.size).toBe(3);
    expect(state.eventCount).toBe(6);
  });

  it('writes the full document per version', () => {
    const { versions } = foldEvents(emptyPolicyState(ROLE_ARN, 'identity'), events);

    expect(versions[2]?.document).toEqual(
      synthesisePolicyDocument('identity', [
        { action: 's3:GetObject', resource: OBJECT_ARN },
        { action: 's3:PutObject', resource: OBJECT_ARN },
        { action: 's3:GetObject', resource: `${BUCKET_ARN}/other.csv` },
      ]),
    );
    expect(versions[1]?.added).toEqual([{ action: 's3:PutObject', resource: OBJECT_ARN }]);
  });

  it('matches repeated evolvePolicy calls', () => {
    let state = emptyPolicyState(ROLE_ARN, 'identity');
    const versions = [];
    for (const event of events) {
      const result = evolvePolicy(state, event);
      state = result.state;
      if (result.newVersion !== undefined) {
        versions.push(result.newVersion);
      }
    }

    const folded = foldEvents(emptyPolicyState(ROLE_ARN, 'identity'), events);

    expect(snapshot(folded.state)).toEqual(snapshot(state));
    expect(folded.versions).toEqual(versions);
  });

  it('continues from a folded state', () => {
    const start = foldEvents(emptyPolicyState(ROLE_ARN, 'identity'), events.slice(0, 3));

    const rest = foldEvents(start.state, events.slice(3));

    expect(rest.versions.map((version) => version.version)).toEqual([3]);
    expect(start.state.permissions.size).toBe(2);
  });

  it('returns the input state for no events', () => {
    const state = emptyPolicyState(ROLE_ARN, 'identity');

    const result = foldEvents(state, []);

    expect(result.versions).toEqual([]);
    expect(snapshot(result.state)).toEqual(snapshot(state));
  });

  it('keeps principals on resource policies', () => {
    const resourceEvents = [
      makeEvent({ id: 'r1', policyType: 'resource', attachTo: BUCKET_ARN }),
      makeEvent({
        id: 'r2',
        policyType: 'resource',
        attachTo: BUCKET_ARN,
        principalInStatement: { AWS: [ROLE_ARN] },
      }),
      makeEvent({
        id: 'r3',
        policyType: 'resource',
        attachTo: BUCKET_ARN,
        principal: { arn: 'cloudfront.amazonaws.com', kind: 'service' },
        condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      }),
    ];

    const { state, versions } = foldEvents(
      emptyPolicyState(BUCKET_ARN, 'resource'),
      resourceEvents,
    );

    expect(versions).toHaveLength(2);
    expect(currentPolicyDocument(state).Statement.map((statement) => statement.Principal)).toEqual([
      { AWS: [ROLE_ARN] },
      { Service: ['cloudfront.amazonaws.com'] },
    ]);
    expect(currentPolicyDocument(state).Statement[1]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': ['123456789012'] },
    });
  });
});
