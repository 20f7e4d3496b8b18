import type { IamEvaluationEvent, PolicyType } from '../../contract/src/index.js';
import type {
  PermissionRecord,
  PolicyDocument,
  PolicyState,
  PolicyVersionRecord,
} from '../../policy/src/index.js';
import { Prisma } from './generated/prisma/client.js';

/** Transaction client handed to `$transaction` callbacks. */
export type Transaction = Prisma.TransactionClient;

/** An event read from Kafka, with where it was read from. */
export interface ConsumedEvent {
  event: IamEvaluationEvent;
  partition: number;
  offset: string;
}

/** Identifies one policy: its attachment target and whether it is identity- or resource-based. */
export interface PolicyKey {
  attachTo: string;
  policyType: PolicyType;
}

/** The result of one fold for a policy, persisted with one round trip per table. */
export interface PolicyChange {
  state: PolicyState;
  kind: string;
  document: PolicyDocument;
  versions: PolicyVersionRecord[];
  touchedPermissionKeys: ReadonlySet<string>;
}

interface PolicyRow {
  attach_to: string;
  policy_type: string;
  latest_version: number;
  event_count: number;
  first_seen: Date;
  last_seen: Date;
}

interface PermissionRow {
  attach_to: string;
  policy_type: string;
  key: string;
  action: string;
  resource: string;
  principal: unknown;
  condition: unknown;
  added_in_version: number;
  first_event_id: string;
  first_seen: Date;
  last_seen: Date;
  event_count: number;
  allow_count: number;
  deny_count: number;
}

/**
 * Reads and writes the event log and the folded policies with set-based SQL, so one Kafka
 * batch costs a fixed number of round trips however many events it carries.
 */
export class PolicyStore {
  /**
   * Appends events to the log, skipping ids already stored. Returns the ids that were new,
   * which are the only events that may be folded.
   */
  async appendEvents(tx: Transaction, consumed: ConsumedEvent[]): Promise<Set<string>> {
    if (consumed.length === 0) {
      return new Set();
    }

    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO evaluation_event
        (id, attach_to, policy_type, principal_arn, action, resource, decision, source, time,
         payload, kafka_partition, kafka_offset)
      SELECT * FROM unnest(
        ${consumed.map(({ event }) => event.id)}::text[],
        ${consumed.map(({ event }) => event.attachTo)}::text[],
        ${consumed.map(({ event }) => event.policyType)}::text[],
        ${consumed.map(({ event }) => event.principal.arn)}::text[],
        ${consumed.map(({ event }) => event.action)}::text[],
        ${consumed.map(({ event }) => event.resource)}::text[],
        ${consumed.map(({ event }) => event.decision)}::text[],
        ${consumed.map(({ event }) => event.source)}::text[],
        ${consumed.map(({ event }) => event.time)}::timestamptz[],
        ${consumed.map(({ event }) => JSON.stringify(event))}::jsonb[],
        ${consumed.map(({ partition }) => partition)}::int[],
        ${consumed.map(({ offset }) => offset)}::bigint[]
      )
      ON CONFLICT (id) DO NOTHING
      RETURNING id`;

    return new Set(rows.map((row) => row.id));
  }

  /**
   * Loads the current state of each policy and locks its row until the transaction ends, so
   * two consumers never fold into the same policy at once. Policies not yet stored are absent.
   */
  async loadPolicies(tx: Transaction, keys: PolicyKey[]): Promise<Map<string, PolicyState>> {
    const states = new Map<string, PolicyState>();
    if (keys.length === 0) {
      return states;
    }

    const attachTos = keys.map((key) => key.attachTo);
    const policyTypes = keys.map((key) => key.policyType);
    const policies = await tx.$queryRaw<PolicyRow[]>`
      SELECT attach_to, policy_type, latest_version, event_count, first_seen, last_seen
      FROM policy
      WHERE (attach_to, policy_type) IN (SELECT * FROM unnest(${attachTos}::text[], ${policyTypes}::text[]))
      ORDER BY attach_to, policy_type
      FOR UPDATE`;
    if (policies.length === 0) {
      return states;
    }

    const permissions = await tx.$queryRaw<PermissionRow[]>`
      SELECT * FROM permission
      WHERE (attach_to, policy_type) IN (SELECT * FROM unnest(
        ${policies.map((row) => row.attach_to)}::text[],
        ${policies.map((row) => row.policy_type)}::text[]))`;

    const permissionsByPolicy = new Map<string, Map<string, PermissionRecord>>();
    for (const row of permissions) {
      const policyKey = policyKeyString(row.attach_to, row.policy_type);
      const records = permissionsByPolicy.get(policyKey) ?? new Map<string, PermissionRecord>();
      records.set(row.key, toPermissionRecord(row));
      permissionsByPolicy.set(policyKey, records);
    }

    for (const row of policies) {
      const policyKey = policyKeyString(row.attach_to, row.policy_type);
      states.set(policyKey, {
        attachTo: row.attach_to,
        policyType: row.policy_type as PolicyType,
        version: row.latest_version,
        permissions: permissionsByPolicy.get(policyKey) ?? new Map(),
        eventCount: row.event_count,
        firstSeen: row.first_seen.toISOString(),
        lastSeen: row.last_seen.toISOString(),
      });
    }

    return states;
  }

  /** Writes the folded policies, their new versions and every permission the fold touched. */
  async saveChanges(tx: Transaction, changes: PolicyChange[]): Promise<void> {
    if (changes.length === 0) {
      return;
    }

    await tx.$executeRaw`
      INSERT INTO policy
        (attach_to, policy_type, kind, latest_version, document, event_count, first_seen,
         last_seen, updated_at)
      SELECT *, now() FROM unnest(
        ${changes.map((change) => change.state.attachTo)}::text[],
        ${changes.map((change) => change.state.policyType)}::text[],
        ${changes.map((change) => change.kind)}::text[],
        ${changes.map((change) => change.state.version)}::int[],
        ${changes.map((change) => JSON.stringify(change.document))}::json[],
        ${changes.map((change) => change.state.eventCount)}::int[],
        ${changes.map((change) => change.state.firstSeen)}::timestamptz[],
        ${changes.map((change) => change.state.lastSeen)}::timestamptz[]
      )
      ON CONFLICT (attach_to, policy_type) DO UPDATE SET
        latest_version = EXCLUDED.latest_version,
        document = EXCLUDED.document,
        event_count = EXCLUDED.event_count,
        first_seen = EXCLUDED.first_seen,
        last_seen = EXCLUDED.last_seen,
        updated_at = now()`;

    const versions = changes.flatMap((change) =>
      change.versions.map((version) => ({
        attachTo: change.state.attachTo,
        policyType: change.state.policyType,
        version: version.version,
        document: version.document as unknown as Prisma.InputJsonValue,
        added: version.added as unknown as Prisma.InputJsonValue,
        causedBy: version.causedBy,
      })),
    );
    if (versions.length > 0) {
      await tx.policyVersion.createMany({ data: versions });
    }

    const permissions = changes.flatMap((change) =>
      [...change.touchedPermissionKeys].map((key) => change.state.permissions.get(key)!),
    );
    const owners = changes.flatMap((change) =>
      [...change.touchedPermissionKeys].map(() => change.state),
    );
    if (permissions.length === 0) {
      return;
    }

    await tx.$executeRaw`
      INSERT INTO permission
        (attach_to, policy_type, key, action, resource, principal, condition, added_in_version,
         first_event_id, first_seen, last_seen, event_count, allow_count, deny_count)
      SELECT * FROM unnest(
        ${owners.map((owner) => owner.attachTo)}::text[],
        ${owners.map((owner) => owner.policyType)}::text[],
        ${permissions.map((permission) => permission.key)}::text[],
        ${permissions.map((permission) => permission.action)}::text[],
        ${permissions.map((permission) => permission.resource)}::text[],
        ${permissions.map((permission) => jsonOrNull(permission.principal))}::jsonb[],
        ${permissions.map((permission) => jsonOrNull(permission.condition))}::jsonb[],
        ${permissions.map((permission) => permission.addedInVersion)}::int[],
        ${permissions.map((permission) => permission.firstEventId)}::text[],
        ${permissions.map((permission) => permission.firstSeen)}::timestamptz[],
        ${permissions.map((permission) => permission.lastSeen)}::timestamptz[],
        ${permissions.map((permission) => permission.eventCount)}::int[],
        ${permissions.map((permission) => permission.allowCount)}::int[],
        ${permissions.map((permission) => permission.denyCount)}::int[]
      )
      ON CONFLICT (attach_to, policy_type, key) DO UPDATE SET
        action = EXCLUDED.action,
        first_event_id = EXCLUDED.first_event_id,
        first_seen = EXCLUDED.first_seen,
        last_seen = EXCLUDED.last_seen,
        event_count = EXCLUDED.event_count,
        allow_count = EXCLUDED.allow_count,
        deny_count = EXCLUDED.deny_count`;
  }
}

export function policyKeyString(attachTo: string, policyType: string): string {
  return `${policyType} ${attachTo}`;
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function toPermissionRecord(row: PermissionRow): PermissionRecord {
  return {
    key: row.key,
    action: row.action,
    resource: row.resource,
    ...(row.principal === null
      ? {}
      : { principal: row.principal as PermissionRecord['principal'] }),
    ...(row.condition === null
      ? {}
      : { condition: row.condition as PermissionRecord['condition'] }),
    addedInVersion: row.added_in_version,
    firstEventId: row.first_event_id,
    firstSeen: row.first_seen.toISOString(),
    lastSeen: row.last_seen.toISOString(),
    eventCount: row.event_count,
    allowCount: row.allow_count,
    denyCount: row.deny_count,
  };
}
