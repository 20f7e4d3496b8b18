import { createHash } from 'node:crypto';

import {
  validateEvaluationEvent,
  type Decision,
  type FieldError,
  type IamEvaluationEvent,
} from '../../../contract/src/index.js';
import { normalisePrincipal, parseArn } from '../../../policy/src/index.js';

import { noPermissionReason } from '../no-permission-calls.js';
import { parseJsonLine, splitLines, type BodyLine } from '../ndjson.js';
import type { RecordResult, SourceReadResult } from '../record-errors.js';
import { maskAccessKeyId, type AccessKeyMap } from './access-keys.js';
import { AttemptAccessKeys, callKey } from './attempt-access-keys.js';
import { iamActionsFor, iamPrefixOf, type ActionLookup } from './service-ids.js';

/** One CSM record and, for datagrams, the sender address that ties attempts to their call. */
export interface SdkCsmLine extends BodyLine {
  origin?: string;
}

export interface SdkCsmReadOptions {
  accessKeys: Pick<AccessKeyMap, 'principalOf'>;
  catalog: ActionLookup;
  /**
   * Access keys of attempts not yet followed by their `ApiCall`. Pass the same instance to
   * every read of one stream that arrives in batches. Without it, each read starts empty.
   */
  attemptKeys?: AttemptAccessKeys;
}

/** The fields of an `ApiCall` record that an event is built from. */
interface ApiCall {
  service: string;
  api: string;
  timestamp: number;
  region?: string;
  accessKey?: string;
  clientId?: string;
  requestId?: string;
  finalHttpStatusCode?: number;
  finalAwsException?: string;
  finalAwsExceptionMessage?: string;
}

type LineOutcome =
  | { kind: 'skipped' }
  | { kind: 'unmapped'; key: string }
  | { kind: 'record'; record: RecordResult };

/**
 * Error codes that AWS services return when IAM denies a call, besides the `AccessDenied*`
 * family. EC2 returns `UnauthorizedOperation` and SNS returns `AuthorizationError`.
 */
const DENIAL_CODES = new Set(['UnauthorizedOperation', 'AuthorizationError']);

/** Canonical field paths mapped back to the CSM field a rejection is about. */
const CSM_FIELDS: Record<string, string> = {
  time: 'Timestamp',
  'request.service': 'Service',
  'request.operation': 'Api',
  'request.region': 'Region',
  'request.id': 'XAmzRequestId',
};

/**
 * Reads AWS SDK client-side monitoring (CSM) records, one JSON object per line. Each
 * `ApiCall` record becomes one identity-policy event per IAM action the call needs, for
 * `resource: "*"`, because CSM records name no resource. `ApiCallAttempt` records, and calls
 * that IAM does not authorise such as `sts:GetCallerIdentity`, are counted as skipped. Calls
 * whose service or operation has no IAM action in the catalog are counted as unmapped per
 * `Service:Api`, and records the reader cannot use are rejected.
 */
export function readSdkCsm(body: string, options: SdkCsmReadOptions): Promise<SourceReadResult> {
  return readSdkCsmLines(splitLines(body), options);
}

/** Reads CSM records that were already split into lines, such as buffered UDP datagrams. */
export async function readSdkCsmLines(
  lines: SdkCsmLine[],
  options: SdkCsmReadOptions,
): Promise<SourceReadResult> {
  const attemptKeys = options.attemptKeys ?? new AttemptAccessKeys();
  const records: RecordResult[] = [];
  const unmapped = new Map<string, number>();
  let skipped = 0;

  for (const line of lines) {
    const outcome = await readLine(line, options, attemptKeys);
    if (outcome.kind === 'skipped') {
      skipped++;
    } else if (outcome.kind === 'unmapped') {
      unmapped.set(outcome.key, (unmapped.get(outcome.key) ?? 0) + 1);
    } else {
      records.push(outcome.record);
    }
  }

  return {
    records,
    skipped,
    unmapped: [...unmapped]
      .map(([key, count]) => ({ key, count }))
      .toSorted((left, right) => left.key.localeCompare(right.key)),
  };
}

async function readLine(
  { line, text, origin }: SdkCsmLine,
  options: SdkCsmReadOptions,
  attemptKeys: AttemptAccessKeys,
): Promise<LineOutcome> {
  const parsed = parseJsonLine(text);
  if (!parsed.ok) {
    return rejected(line, text, [{ field: '(line)', error: parsed.error }]);
  }
  if (!isObject(parsed.value)) {
    return rejected(line, text, [{ field: '(line)', error: 'must be a JSON object' }]);
  }

  const record = parsed.value;
  if (record.Type === 'ApiCallAttempt') {
    rememberAttemptKey(record, origin, attemptKeys);
    return { kind: 'skipped' };
  }
  if (record.Type !== 'ApiCall') {
    const error =
      record.Type === undefined
        ? 'is missing'
        : `is ${JSON.stringify(record.Type)} but must be "ApiCall" or "ApiCallAttempt"`;
    return rejected(line, text, [{ field: 'Type', error }]);
  }

  const { call, errors } = readApiCall(record);
  if (call === undefined) {
    return rejected(line, text, errors);
  }

  const prefix = iamPrefixOf(call.service);
  if (prefix !== undefined && noPermissionReason(prefix, call.api) !== undefined) {
    return { kind: 'skipped' };
  }

  const actions = await iamActionsFor(call.service, call.api, options.catalog);
  if (actions === undefined) {
    return { kind: 'unmapped', key: `${call.service}:${call.api}` };
  }

  const accessKey =
    call.accessKey ?? attemptKeys.recall(callKey(origin, call.clientId, call.service, call.api));
  if (accessKey === undefined) {
    return rejected(line, text, [
      {
        field: 'AccessKey',
        error: 'is missing, and no earlier ApiCallAttempt of this call has one',
      },
    ]);
  }

  const principalArn = options.accessKeys.principalOf(accessKey);
  if (principalArn === undefined) {
    return rejected(line, text, [
      {
        field: 'AccessKey',
        error:
          `${maskAccessKeyId(accessKey)} is not mapped to a principal. Map it with ` +
          'SDK_CSM_ACCESS_KEYS, SDK_CSM_ACCESS_KEYS_FILE or ' +
          'PUT /v1/sources/sdk-csm/access-keys/{accessKeyId}',
      },
    ]);
  }

  const id = eventId(accessKey, call);
  const events: IamEvaluationEvent[] = [];
  for (const [index, action] of actions.entries()) {
    // The main action's event takes the call's id, and each further action's event adds `#action`.
    const eventIdOfAction = index === 0 ? id : `${id}#${action}`;
    const validation = validateEvaluationEvent(
      toEvent(call, eventIdOfAction, principalArn, action),
    );
    if (!validation.ok) {
      return rejected(line, text, validation.errors.map(toCsmField));
    }
    events.push(validation.event);
  }

  return { kind: 'record', record: { line, ok: true, events } };
}

function rememberAttemptKey(
  attempt: Record<string, unknown>,
  origin: string | undefined,
  attemptKeys: AttemptAccessKeys,
): void {
  const { AccessKey, ClientId, Service, Api } = attempt;
  if (
    typeof AccessKey !== 'string' ||
    AccessKey === '' ||
    typeof Service !== 'string' ||
    typeof Api !== 'string'
  ) {
    return;
  }

  const clientId = typeof ClientId === 'string' ? ClientId : undefined;
  attemptKeys.remember(callKey(origin, clientId, Service, Api), AccessKey);
}

/** Reads and checks the fields of an `ApiCall` record, collecting every problem. */
function readApiCall(record: Record<string, unknown>): {
  call?: ApiCall;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const service = requiredString(record, 'Service', errors);
  const api = requiredString(record, 'Api', errors);
  const timestamp = readTimestamp(record.Timestamp, errors);
  const region = optionalString(record, 'Region', errors);
  const accessKey = optionalString(record, 'AccessKey', errors);
  const clientId = typeof record.ClientId === 'string' ? record.ClientId : undefined;
  const requestId =
    optionalString(record, 'XAmzRequestId', errors) ??
    optionalString(record, 'XAmznRequestId', errors);
  const finalHttpStatusCode = readStatusCode(record.FinalHttpStatusCode, errors);
  const finalAwsException = optionalString(record, 'FinalAwsException', errors);
  const finalAwsExceptionMessage = optionalString(record, 'FinalAwsExceptionMessage', errors);

  if (errors.length > 0 || service === undefined || api === undefined || timestamp === undefined) {
    return { errors };
  }

  return {
    call: {
      service,
      api,
      timestamp,
      ...(region === undefined ? {} : { region }),
      ...(accessKey === undefined ? {} : { accessKey }),
      ...(clientId === undefined ? {} : { clientId }),
      ...(requestId === undefined ? {} : { requestId }),
      ...(finalHttpStatusCode === undefined ? {} : { finalHttpStatusCode }),
      ...(finalAwsException === undefined ? {} : { finalAwsException }),
      ...(finalAwsExceptionMessage === undefined ? {} : { finalAwsExceptionMessage }),
    },
    errors,
  };
}

function toEvent(call: ApiCall, id: string, principalArn: string, action: string): unknown {
  const principal = normalisePrincipal(principalArn);
  const account = parseArn(principal.arn)?.account;

  return {
    id,
    time: new Date(call.timestamp).toISOString(),
    source: 'sdk-csm',
    principal,
    policyType: 'identity',
    attachTo: principal.arn,
    action,
    // CSM records name no resource, so every event is for all resources.
    resource: '*',
    decision: apiCallDecision(call),
    request: {
      service: call.service,
      operation: call.api,
      ...(call.requestId === undefined ? {} : { id: call.requestId }),
      ...(call.region === undefined ? {} : { region: call.region }),
      ...(account !== undefined && /^\d{12}$/.test(account) ? { account } : {}),
    },
  };
}

/**
 * Derives a stable event id from the access key, service, operation, time and region, so the
 * same records sent twice, over UDP or HTTP, yield the same ids.
 */
function eventId(accessKey: string, call: ApiCall): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([accessKey, call.service, call.api, call.timestamp, call.region ?? '']))
    .digest('hex')
    .slice(0, 32);

  return `sdk-csm:${digest}`;
}

/**
 * Derives the IAM decision from the final outcome. A denial code means IAM denied the call,
 * explicitly when the message contains "explicit deny". A 403 without a code is a denial too,
 * because S3 returns no body for HEAD requests. A 2xx or 3xx status means IAM allowed the
 * call. Any other error, or no response at all, shows nothing about IAM.
 */
export function apiCallDecision(
  call: Pick<ApiCall, 'finalHttpStatusCode' | 'finalAwsException' | 'finalAwsExceptionMessage'>,
): Decision {
  const { finalHttpStatusCode: status, finalAwsException: code } = call;

  if (code !== undefined && (code.startsWith('AccessDenied') || DENIAL_CODES.has(code))) {
    return /explicit deny/i.test(call.finalAwsExceptionMessage ?? '')
      ? 'explicit-deny'
      : 'implicit-deny';
  }
  if (status === 403 && (code === undefined || code === '403' || code === 'Forbidden')) {
    return 'implicit-deny';
  }
  if (code === undefined && status !== undefined && status >= 200 && status < 400) {
    return 'allow';
  }

  return 'unknown';
}

function rejected(line: number, text: string, errors: FieldError[]): LineOutcome {
  return { kind: 'record', record: { line, ok: false, errors, raw: redactSessionToken(text) } };
}

/**
 * Removes the session token that botocore copies into attempt records from the `X-Amz-Security-Token`
 * header, so that rejected records can be stored in the dead-letter topic.
 */
export function redactSessionToken(text: string): string {
  return text.replace(/("SessionToken"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"(redacted)"');
}

function toCsmField(error: FieldError): FieldError {
  return { field: CSM_FIELDS[error.field] ?? error.field, error: error.error };
}

function requiredString(
  record: Record<string, unknown>,
  field: string,
  errors: FieldError[],
): string | undefined {
  const value = record[field];
  if (typeof value === 'string' && value.length > 0) {
    return value;
  }

  errors.push({
    field,
    error: value === undefined ? 'is missing' : 'must be a non-empty string',
  });
  return undefined;
}

function optionalString(
  record: Record<string, unknown>,
  field: string,
  errors: FieldError[],
): string | undefined {
  const value = record[field];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value === 'string') {
    return value;
  }

  errors.push({ field, error: 'must be a string' });
  return undefined;
}

function readTimestamp(value: unknown, errors: FieldError[]): number | undefined {
  const valid =
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    !Number.isNaN(new Date(value).getTime());
  if (valid) {
    return value;
  }

  errors.push({
    field: 'Timestamp',
    error:
      value === undefined
        ? 'is missing'
        : 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z',
  });
  return undefined;
}

function readStatusCode(value: unknown, errors: FieldError[]): number | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599) {
    return value;
  }

  errors.push({
    field: 'FinalHttpStatusCode',
    error: 'must be an HTTP status code from 100 to 599',
  });
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
