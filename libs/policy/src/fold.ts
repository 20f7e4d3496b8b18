import type { Decision, IamEvaluationEvent, PolicyType } from '../../contract/src/index.js';

import { compareText } from './canonical.js';
import { synthesisePolicyDocument, type PolicyDocument } from './document.js';
import { InvalidEventTimeError, PolicyMismatchError } from './errors.js';
import {
  permissionFromEvent,
  permissionKey,
  type NormalisedPermission,
  type Permission,
} from './permission.js';

/**
 * A permission of a policy with the evidence for it. `action` is the smallest spelling
 * seen in code-unit order. `firstEventId` names the earliest event by time (the smaller id
 * on a tie), which is not necessarily the event that added the permission.
 */
export interface PermissionRecord extends NormalisedPermission {
  key: string;
  addedInVersion: number;
  firstEventId: string;
  /** ISO 8601 UTC time with milliseconds, as `Date.prototype.toISOString` writes it. */
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  allowCount: number;
  /** Events with an implicit or explicit deny. Events with an unknown decision count in neither. */
  denyCount: number;
}

/**
 * The folded policy of one attachment target. `version` is the number of permissions
 * added so far, and `firstSeen` and `lastSeen` are empty strings until the first event.
 */
export interface PolicyState {
  attachTo: string;
  policyType: PolicyType;
  version: number;
  permissions: ReadonlyMap<string, PermissionRecord>;
  eventCount: number;
  firstSeen: string;
  lastSeen: string;
}

/** A policy version: the full document after one event added one permission. */
export interface PolicyVersionRecord {
  version: number;
  document: PolicyDocument;
  added: Permission[];
  /** Id of the event that added the permission. */
  causedBy: string;
}

export interface EvolveResult {
  state: PolicyState;
  newVersion?: PolicyVersionRecord;
}

export interface FoldResult {
  state: PolicyState;
  versions: PolicyVersionRecord[];
}

export function emptyPolicyState(attachTo: string, policyType: PolicyType): PolicyState {
  return {
    attachTo,
    policyType,
    version: 0,
    permissions: new Map(),
    eventCount: 0,
    firstSeen: '',
    lastSeen: '',
  };
}

/**
 * Folds one evaluation event into a policy and returns the new state without changing the
 * input. Every decision, denials included, shows the permission was needed. An event whose
 * permission the policy lacks adds it and returns the next version with the full document.
 * Any other event only updates counts and first and last seen.
 *
 * The caller must fold each event id once, because a repeated event is counted again.
 * Throws PolicyMismatchError when the event belongs to another policy, and
 * InvalidEventTimeError when its time cannot be parsed.
 */
export function evolvePolicy(state: PolicyState, event: IamEvaluationEvent): EvolveResult {
  const permissions = new Map(state.permissions);

  const { state: next, newVersion } = applyEvent(state, permissions, event);

  return newVersion === undefined ? { state: next } : { state: next, newVersion };
}

/**
 * Folds events in order and returns the final state with every version they created. The
 * final document (`currentPolicyDocument`) and the number of versions do not depend on the
 * order of the events, but the version in which each permission appears does.
 */
export function foldEvents(state: PolicyState, events: Iterable<IamEvaluationEvent>): FoldResult {
  // One private copy of the map for the whole fold instead of one per event.
  const permissions = new Map(state.permissions);
  const versions: PolicyVersionRecord[] = [];

  let current = state;
  for (const event of events) {
    const { state: next, newVersion } = applyEvent(current, permissions, event);
    current = next;
    if (newVersion !== undefined) {
      versions.push(newVersion);
    }
  }

  return { state: current, versions };
}

/**
 * Synthesises the document of every permission in the state. It can differ from the
 * document of the latest version only in action spelling, when an event after that version
 * brought a smaller spelling of a known action.
 */
export function currentPolicyDocument(state: PolicyState): PolicyDocument {
  return synthesisePolicyDocument(state.policyType, state.permissions.values());
}

/**
 * Applies one event, writing the changed record into `permissions`, a map the caller owns
 * and that `state` does not share. Records are replaced, never changed in place.
 */
function applyEvent(
  state: PolicyState,
  permissions: Map<string, PermissionRecord>,
  event: IamEvaluationEvent,
): EvolveResult {
  checkEventTarget(state, event);

  const time = toUtcIso(event);
  const permission = permissionFromEvent(event);
  const key = permissionKey(permission);
  const existing = permissions.get(key);

  const totals = {
    eventCount: state.eventCount + 1,
    firstSeen: state.firstSeen === '' || time < state.firstSeen ? time : state.firstSeen,
    lastSeen: time > state.lastSeen ? time : state.lastSeen,
  };

  if (existing !== undefined) {
    permissions.set(key, recordSeenAgain(existing, permission, event, time));

    return { state: { ...state, ...totals, permissions } };
  }

  const version = state.version + 1;
  permissions.set(key, {
    ...permission,
    key,
    addedInVersion: version,
    firstEventId: event.id,
    firstSeen: time,
    lastSeen: time,
    eventCount: 1,
    ...decisionCounts(event.decision),
  });

  return {
    state: { ...state, ...totals, version, permissions },
    newVersion: {
      version,
      document: synthesisePolicyDocument(state.policyType, permissions.values()),
      added: [permission],
      causedBy: event.id,
    },
  };
}

function checkEventTarget(state: PolicyState, event: IamEvaluationEvent): void {
  if (event.attachTo === state.attachTo && event.policyType === state.policyType) {
    return;
  }

  throw new PolicyMismatchError(
    { attachTo: state.attachTo, policyType: state.policyType },
    { id: event.id, attachTo: event.attachTo, policyType: event.policyType },
  );
}

/**
 * Converts the event time to UTC `toISOString` form, so that times with different offsets
 * compare correctly as strings. Digits below a millisecond are dropped.
 */
function toUtcIso(event: IamEvaluationEvent): string {
  const milliseconds = Date.parse(event.time);
  if (Number.isNaN(milliseconds)) {
    throw new InvalidEventTimeError(event.id, event.time);
  }

  return new Date(milliseconds).toISOString();
}

function recordSeenAgain(
  record: PermissionRecord,
  permission: NormalisedPermission,
  event: IamEvaluationEvent,
  time: string,
): PermissionRecord {
  const counts = decisionCounts(event.decision);
  const earlier =
    time < record.firstSeen ||
    (time === record.firstSeen && compareText(event.id, record.firstEventId) < 0);

  return {
    ...record,
    action: compareText(permission.action, record.action) < 0 ? permission.action : record.action,
    firstEventId: earlier ? event.id : record.firstEventId,
    firstSeen: time < record.firstSeen ? time : record.firstSeen,
    lastSeen: time > record.lastSeen ? time : record.lastSeen,
    eventCount: record.eventCount + 1,
    allowCount: record.allowCount + counts.allowCount,
    denyCount: record.denyCount + counts.denyCount,
  };
}

function decisionCounts(decision: Decision): { allowCount: number; denyCount: number } {
  switch (decision) {
    case 'allow':
      return { allowCount: 1, denyCount: 0 };
    case 'implicit-deny':
    case 'explicit-deny':
      return { allowCount: 0, denyCount: 1 };
    case 'unknown':
      return { allowCount: 0, denyCount: 0 };
  }
}
