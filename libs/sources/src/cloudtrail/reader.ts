import { createHash } from 'node:crypto';

import {
  validateEvaluationEvent,
  type Decision,
  type FieldError,
  type IamEvaluationEvent,
} from '../../../contract/src/index.js';
import { formatArn, parseArn, type NormalisedPrincipal } from '../../../policy/src/index.js';
import { InvalidRecordError, type RecordResult, type SourceReadResult } from '../record-errors.js';

import { splitCloudTrailBody } from './body.js';
import { CloudTrailCatalog } from './catalog.js';
import { decisionOf } from './decision.js';
import { callerOf, type Caller, type SkipReason } from './identity.js';
import { findOperation, mappedActions, type OperationMapping } from './mapping/index.js';
import { evaluateCondition, isObject } from './parameters.js';
import { readRecord, type CloudTrailRecord } from './record.js';
import { resourcesOf } from './resources.js';
import { partitionOfRegion, serviceOfEventSource, withoutVersionSuffix } from './service-names.js';

/** Records skipped for one reason and one `eventSource:eventName`. */
export interface SkippedCount {
  reason: SkipReason;
  key: string;
  count: number;
}

/** The result of reading one body, with the skipped records counted by reason and key. */
export interface CloudTrailReadResult extends SourceReadResult {
  skipped: number;
  unmapped: Array<{ key: string; count: number }>;
  skippedByReason: SkippedCount[];
}

type MappedRecord =
  | { kind: 'events'; events: unknown[] }
  | { kind: 'skipped'; reason: SkipReason; key: string }
  | { kind: 'unmapped'; key: string };

interface Permission {
  action: string;
  resource: string;
}

/**
 * Reads CloudTrail records and maps each API call to the IAM evaluation events it implies:
 * one event per (action, resource) the call needed. Records that are not IAM evaluations are
 * counted as skipped, calls the mapping table lacks as unmapped, and malformed records are
 * rejected with the field at fault.
 */
export class CloudTrailReader {
  constructor(private readonly catalog: CloudTrailCatalog) {}

  /** Loads the action catalog for every action of the mapping table. */
  static async create(): Promise<CloudTrailReader> {
    return new CloudTrailReader(await CloudTrailCatalog.load(mappedActions()));
  }

  /** Version of the AWS action catalog data the mapping was checked against. */
  get catalogVersion(): string {
    return this.catalog.dataVersion;
  }

  read(body: string): CloudTrailReadResult {
    const records: RecordResult[] = [];
    const unmapped = new Map<string, number>();
    const skipped = new Map<string, SkippedCount>();

    for (const item of splitCloudTrailBody(body)) {
      if (!item.ok) {
        records.push({
          line: item.line,
          ok: false,
          errors: [{ field: item.field, error: item.error }],
          ...(item.raw === undefined ? {} : { raw: item.raw }),
        });
        continue;
      }

      const outcome = this.readOne(item.line, item.value);
      if ('ok' in outcome) {
        records.push(outcome.ok ? outcome : { ...outcome, raw: item.raw });
      } else if (outcome.kind === 'unmapped') {
        unmapped.set(outcome.key, (unmapped.get(outcome.key) ?? 0) + 1);
      } else {
        const id = `${outcome.reason} ${outcome.key}`;
        const entry = skipped.get(id) ?? { reason: outcome.reason, key: outcome.key, count: 0 };
        skipped.set(id, { ...entry, count: entry.count + 1 });
      }
    }

    const skippedByReason = [...skipped.values()].toSorted(
      (a, b) => a.reason.localeCompare(b.reason) || a.key.localeCompare(b.key),
    );
    return {
      records,
      skipped: skippedByReason.reduce((total, entry) => total + entry.count, 0),
      unmapped: [...unmapped]
        .map(([key, count]) => ({ key, count }))
        .toSorted((a, b) => a.key.localeCompare(b.key)),
      skippedByReason,
    };
  }

  private readOne(
    line: number,
    value: unknown,
  ): RecordResult | Exclude<MappedRecord, { kind: 'events' }> {
    const notAnApiCall = nonApiCallKey(value);
    if (notAnApiCall !== undefined) {
      return { kind: 'skipped', reason: 'not-an-api-call', key: notAnApiCall };
    }

    let mapped: MappedRecord;
    try {
      mapped = this.mapRecord(readRecord(value));
    } catch (error) {
      if (error instanceof InvalidRecordError) {
        return { line, ok: false, errors: [{ field: error.field, error: error.reason }] };
      }
      throw error;
    }

    if (mapped.kind !== 'events') {
      return mapped;
    }

    const events: IamEvaluationEvent[] = [];
    const errors: FieldError[] = [];
    for (const candidate of mapped.events) {
      const validation = validateEvaluationEvent(candidate);
      if (validation.ok) {
        events.push(validation.event);
      } else {
        errors.push(...validation.errors.map(toCloudTrailField));
      }
    }

    return errors.length > 0 ? { line, ok: false, errors } : { line, ok: true, events };
  }

  private mapRecord(record: CloudTrailRecord): MappedRecord {
    const key = `${record.eventSource}:${record.eventName}`;
    const operation = lookUp(record);
    if (operation === undefined) {
      return { kind: 'unmapped', key };
    }
    if (operation.noPermissionReason !== undefined) {
      return { kind: 'skipped', reason: 'no-permission-needed', key };
    }

    const caller = callerOf(record.userIdentity);
    if (caller.kind === 'none') {
      return { kind: 'skipped', reason: caller.reason, key };
    }

    const permissions = this.permissionsOf(operation, record, caller);
    if (permissions.length === 0) {
      return { kind: 'unmapped', key };
    }

    const decision = decisionOf(record.errorCode, record.errorMessage);
    const events =
      caller.kind === 'identity'
        ? identityEvents(record, caller.principal, permissions, decision)
        : serviceEvents(record, caller.servicePrincipal, permissions, decision);

    return events.length > 0
      ? { kind: 'events', events }
      : { kind: 'skipped', reason: 'service-call-without-resource-policy', key };
  }

  /** Lists every (action, resource) the call needed, in table order, without duplicates. */
  private permissionsOf(
    operation: OperationMapping,
    record: CloudTrailRecord,
    caller: Exclude<Caller, { kind: 'none' }>,
  ): Permission[] {
    const callerArn = caller.kind === 'identity' ? caller.principal.arn : undefined;
    const region = record.awsRegion ?? '';
    const partition =
      (callerArn === undefined ? undefined : parseArn(callerArn)?.partition) ??
      partitionOfRegion(record.awsRegion);
    const account =
      record.recipientAccountId ??
      record.userIdentity.accountId ??
      (callerArn === undefined ? undefined : parseArn(callerArn)?.account) ??
      '';
    const sources = {
      context: { partition, region, account, callerArn, parameters: record.requestParameters },
      resources: record.resources,
      errorMessage: record.errorMessage,
    };

    const seen = new Set<string>();
    const permissions: Permission[] = [];
    for (const permission of operation.needs) {
      if (
        permission.when !== undefined &&
        !evaluateCondition(permission.when, record.requestParameters)
      ) {
        continue;
      }

      for (const resource of resourcesOf(permission, sources, this.catalog)) {
        const id = `${permission.action} ${resource}`;
        if (!seen.has(id)) {
          seen.add(id);
          permissions.push({ action: permission.action, resource });
        }
      }
    }

    return permissions;
  }
}

/**
 * Returns the key of a record whose `eventType` is not `AwsApiCall` (console sign-ins, service
 * events, Insights), checked before the full record because Insights events lack
 * `eventSource`, `eventName` and `userIdentity`. Records without `eventType` (written before
 * CloudTrail added it) are API calls.
 */
function nonApiCallKey(value: unknown): string | undefined {
  if (!isObject(value) || typeof value.eventType !== 'string' || value.eventType === 'AwsApiCall') {
    return undefined;
  }

  const { eventSource, eventName, eventType } = value;
  return typeof eventSource === 'string' && typeof eventName === 'string'
    ? `${eventSource}:${eventName}`
    : `(${eventType})`;
}

function lookUp(record: CloudTrailRecord): OperationMapping | undefined {
  const service = serviceOfEventSource(record.eventSource);
  if (service === undefined) {
    return undefined;
  }

  return (
    findOperation(service, record.eventName) ??
    findOperation(service, withoutVersionSuffix(record.eventName))
  );
}

function identityEvents(
  record: CloudTrailRecord,
  principal: NormalisedPrincipal,
  permissions: Permission[],
  decision: Decision,
): unknown[] {
  const ids = eventIds(record.eventId, permissions);

  return permissions.map((permission, index) => ({
    id: ids[index],
    time: record.eventTime,
    source: 'cloudtrail',
    principal,
    policyType: 'identity',
    attachTo: principal.arn,
    action: permission.action,
    resource: permission.resource,
    decision,
    request: requestOf(record),
  }));
}

/**
 * Builds the events for a call an AWS service made on its own behalf (`userIdentity.type`
 * AWSService). The resource-based policy of the resource grants such access, so each event
 * is a resource-based statement for the service principal. Permissions on `*` or on
 * resources without resource-based policies yield no event.
 */
function serviceEvents(
  record: CloudTrailRecord,
  servicePrincipal: string,
  permissions: Permission[],
  decision: Decision,
): unknown[] {
  const withHolders = permissions.flatMap((permission) => {
    const holder = resourcePolicyHolder(permission);
    return holder === undefined ? [] : [{ ...permission, holder }];
  });
  const ids = eventIds(record.eventId, withHolders);

  return withHolders.map((permission, index) => ({
    id: ids[index],
    time: record.eventTime,
    source: 'cloudtrail',
    principal: { arn: servicePrincipal, kind: 'service' },
    policyType: 'resource',
    attachTo: permission.holder,
    action: permission.action,
    resource: permission.resource,
    principalInStatement: { Service: servicePrincipal },
    decision,
    request: requestOf(record),
  }));
}

/**
 * Returns the ARN that the resource-based policy covering `resource` attaches to, or
 * undefined for services whose resources carry no such policy.
 */
function resourcePolicyHolder({ action, resource }: Permission): string | undefined {
  const arn = parseArn(resource);
  if (arn === undefined) {
    return undefined;
  }

  switch (arn.service) {
    case 's3':
      // A bucket policy covers the bucket and its objects; access points have their own.
      return arn.account === ''
        ? formatArn({ ...arn, resource: arn.resource.split('/')[0]! })
        : resource;
    case 'iam':
      // A role's trust policy is the resource-based policy that lets a service assume it.
      return action.startsWith('sts:') && arn.resource.startsWith('role/') ? resource : undefined;
    case 'kms':
      return arn.resource.startsWith('key/') ? resource : undefined;
    case 'sqs':
    case 'sns':
    case 'lambda':
    case 'secretsmanager':
    case 'ecr':
    case 'events':
    case 'kinesis':
      return resource;
    default:
      return undefined;
  }
}

function requestOf(record: CloudTrailRecord): Record<string, string> {
  const account = record.recipientAccountId ?? record.userIdentity.accountId;

  return {
    service: record.eventSource,
    operation: record.eventName,
    ...(record.requestId === undefined ? {} : { id: record.requestId }),
    ...(record.awsRegion === undefined ? {} : { region: record.awsRegion }),
    ...(account !== undefined && /^\d{12}$/.test(account) ? { account } : {}),
  };
}

/**
 * Returns the ids for the events of one record. The first permission keeps the CloudTrail
 * `eventID`, and each further action adds `#ACTION`. An action needed on several resources
 * also adds a hash of the resource, so a record sent twice yields the same ids.
 */
function eventIds(eventId: string, permissions: Permission[]): string[] {
  const perAction = new Map<string, number>();
  for (const { action } of permissions) {
    perAction.set(action, (perAction.get(action) ?? 0) + 1);
  }

  return permissions.map(({ action, resource }, index) => {
    if (index === 0) {
      return eventId;
    }
    if (perAction.get(action) === 1) {
      return `${eventId}#${action}`;
    }

    const digest = createHash('sha256').update(resource).digest('hex').slice(0, 12);
    return `${eventId}#${action}#${digest}`;
  });
}

/** Maps canonical field paths back to CloudTrail's names, so errors name what the user sent. */
function toCloudTrailField(error: FieldError): FieldError {
  const renames: Record<string, string> = {
    id: 'eventID',
    time: 'eventTime',
    principal: 'userIdentity.arn',
    attachTo: 'userIdentity.arn',
    action: 'eventName',
    resource: 'resources',
    'request.region': 'awsRegion',
    'request.account': 'recipientAccountId',
    'request.id': 'requestID',
  };
  const [head] = error.field.split('.');
  const field =
    renames[error.field] ??
    (head !== undefined && renames[head] !== undefined ? renames[head] : error.field);

  return { field, error: error.error };
}
