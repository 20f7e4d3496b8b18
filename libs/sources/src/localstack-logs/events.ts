import { createHash } from 'node:crypto';

import {
  validateEvaluationEvent,
  type Decision,
  type FieldError,
  type IamEvaluationEvent,
} from '../../../contract/src/index.js';
import { normalisePrincipal, parseArn, resourcePolicyTarget } from '../../../policy/src/index.js';

import type { RecordResult } from '../record-errors.js';
import type { LoggedPermission } from './messages.js';
import type { LineProblem, LogRecord, NotAuthorizedRecord, RequestRecord } from './records.js';

/** Options for reading LocalStack logs. */
export interface LocalStackLogOptions {
  /** Time for lines in Python's default format, which print none. */
  receivedAt: Date;
  /**
   * Principal for requests whose log names none (the 2022 "Request for service <svc> for
   * operation <Op>" format): an IAM or STS ARN, or a service principal.
   */
  principal?: string;
}

/** The parts of one evaluated permission that every event of a record shares. */
interface EventContext {
  record: LogRecord;
  principalText: string;
  service: string;
  operation: string;
}

/**
 * Builds the events of one record, or the reason it is rejected. Each permission becomes one
 * event, and the record is rejected as a whole when any of its lines or events is invalid.
 */
export function recordToResult(record: LogRecord, options: LocalStackLogOptions): RecordResult {
  const raw = record.texts.join('\n');

  switch (record.kind) {
    case 'rejected':
      return problemRejection(record.problem, raw);

    case 'request':
      return requestRecordToResult(record, options, raw);

    case 'not-authorized':
      return notAuthorizedRecordToResult(record, options, raw);
  }
}

function requestRecordToResult(
  record: RequestRecord,
  options: LocalStackLogOptions,
  raw: string,
): RecordResult {
  if (record.problem !== undefined) {
    return problemRejection(record.problem, raw);
  }

  const { header } = record;
  const principalText = header.principal ?? options.principal;
  if (principalText === undefined) {
    return rejection(
      record.line,
      [
        {
          field: 'principal',
          error:
            'is missing: LocalStack logs from 2022 do not name the principal; send them with a default principal (ingest takes ?principal=<ARN>)',
        },
      ],
      raw,
    );
  }

  const principalProblem = invalidPrincipalReason(principalText);
  if (principalProblem !== undefined) {
    return rejection(record.line, [{ field: 'principal', error: principalProblem }], raw);
  }

  const decisions = permissionDecisions(record);
  if (decisions.size === 0 && record.necessary === undefined) {
    return rejection(
      record.line,
      [
        {
          field: '(record)',
          error:
            'has no "Necessary permissions for this action" line on its thread; LocalStack logs it only with DEBUG=1',
        },
      ],
      raw,
    );
  }

  const context = {
    record,
    principalText,
    service: header.service,
    operation: header.operation,
  };
  const candidates = [...decisions.values()].map(({ permission, decision }) =>
    buildEvent(context, permission, decision, options),
  );

  return validateCandidates(record.line, candidates, raw);
}

function notAuthorizedRecordToResult(
  record: NotAuthorizedRecord,
  options: LocalStackLogOptions,
  raw: string,
): RecordResult {
  const { principal, permission, explicitDeny } = record.message;
  const principalProblem = invalidPrincipalReason(principal);
  if (principalProblem !== undefined) {
    return rejection(record.line, [{ field: 'principal', error: principalProblem }], raw);
  }

  const [actionService, actionName] = permission.action.split(':');

  // NOTE: this format names no operation. Without the AWS request log line on the same
  // thread, the operation is taken to be the action's name, which is wrong for operations
  // such as S3 HeadObject (s3:GetObject).
  const context = {
    record,
    principalText: principal,
    service: record.request?.service ?? actionService ?? permission.action,
    operation: record.request?.operation ?? actionName ?? permission.action,
  };
  const event = buildEvent(
    context,
    permission,
    explicitDeny ? 'explicit-deny' : 'implicit-deny',
    options,
  );

  return validateCandidates(record.line, [event], raw);
}

/**
 * Collects every permission of a record with one decision each: the "Necessary permissions"
 * in order, then any permission only the outcome lines name. An explicit deny wins over an
 * implicit deny, and both win over an explicit allow. A permission that no outcome line
 * names gets `allow` when the header reads "allowed", and `unknown` when it reads "denied".
 */
function permissionDecisions(
  record: RequestRecord,
): Map<string, { permission: LoggedPermission; decision: Decision }> {
  const outcomes: Array<[Decision, LoggedPermission[] | undefined]> = [
    ['explicit-deny', record.evaluated.get('explicitly denied')],
    ['implicit-deny', record.evaluated.get('implicitly denied')],
    ['allow', record.evaluated.get('explicitly allowed')],
  ];
  const fallback: Decision = record.header.allowed ? 'allow' : 'unknown';
  const decisions = new Map<string, { permission: LoggedPermission; decision: Decision }>();

  const all = [...(record.necessary ?? []), ...outcomes.flatMap(([, list]) => list ?? [])];
  for (const permission of all) {
    const key = permissionKey(permission);
    if (!decisions.has(key)) {
      decisions.set(key, { permission, decision: fallback });
    }
  }

  for (const [decision, list] of outcomes.toReversed()) {
    for (const permission of list ?? []) {
      decisions.set(permissionKey(permission), { permission, decision });
    }
  }

  return decisions;
}

/**
 * Builds one canonical event. An IAM or STS principal needs the permission in its identity
 * policy. A service principal has no policies of its own, so its permission belongs in the
 * resource-based policy of the resource it called.
 */
function buildEvent(
  context: EventContext,
  permission: LoggedPermission,
  decision: Decision,
  options: LocalStackLogOptions,
): { candidate: unknown } | { error: FieldError } {
  const { record, principalText, service, operation } = context;
  const principal = normalisePrincipal(principalText);
  const policyType = principal.kind === 'service' ? 'resource' : 'identity';
  const attachTo =
    policyType === 'resource' ? resourcePolicyTarget(permission.resource) : principal.arn;
  if (policyType === 'resource' && permission.resource === '*') {
    return {
      error: {
        field: 'resource',
        error: `is "*" for ${permission.action} by the service principal ${principalText}, but a service principal's permission belongs in the resource-based policy of one resource ARN`,
      },
    };
  }

  const principalArn = parseArn(principalText);
  const resourceArn = parseArn(permission.resource);
  const region = resourceArn?.region || principalArn?.region || undefined;
  const account = [principalArn?.account, resourceArn?.account].find(
    (value) => value !== undefined && /^\d{12}$/.test(value),
  );

  const candidate = {
    id: eventId(record, principalText, permission),
    time: record.time === undefined ? options.receivedAt.toISOString() : `${record.time}Z`,
    source: 'localstack-logs',
    principal,
    policyType,
    attachTo,
    action: permission.action,
    resource: permission.resource,
    decision,
    request: {
      service,
      operation,
      ...(region === undefined ? {} : { region }),
      ...(account === undefined ? {} : { account }),
    },
  };

  return { candidate };
}

/**
 * Derives a stable id from what identifies one evaluated permission in a log: thread, time,
 * principal as logged, action and resource. The same log sent twice yields the same ids.
 * Lines in Python's default format have neither thread nor time, so their line number
 * replaces the time. The same file sent twice from its first line still yields the same ids.
 *
 * NOTE: two identical requests on one thread within the same millisecond get one id, so
 * the second is counted as a duplicate of the first.
 */
function eventId(record: LogRecord, principalText: string, permission: LoggedPermission): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        record.thread ?? '',
        record.time ?? `line ${record.line}`,
        principalText,
        permission.action.toLowerCase(),
        permission.resource,
      ]),
    )
    .digest('hex')
    .slice(0, 32);

  return `localstack-logs:${digest}`;
}

function validateCandidates(
  line: number,
  built: Array<{ candidate: unknown } | { error: FieldError }>,
  raw: string,
): RecordResult {
  const events: IamEvaluationEvent[] = [];
  const errors: FieldError[] = [];

  for (const item of built) {
    if ('error' in item) {
      errors.push(item.error);
      continue;
    }

    const { candidate } = item;
    const validation = validateEvaluationEvent(candidate);
    if (validation.ok) {
      events.push(validation.event);
    } else {
      errors.push(...validation.errors.map((error) => toLogField(error, candidate)));
    }
  }

  // Every event of a record shares its principal, so one bad value would repeat per event.
  const distinctErrors = [
    ...new Map(errors.map((error) => [`${error.field} ${error.error}`, error])).values(),
  ];

  return distinctErrors.length > 0
    ? rejection(line, distinctErrors, raw)
    : { line, ok: true, events };
}

/**
 * Maps canonical field paths to the parts of a log line, so a rejection names what the log
 * printed. `attachTo` is the resource for a service principal and the principal otherwise.
 */
function toLogField(error: FieldError, candidate: unknown): FieldError {
  const event = candidate as { policyType: string; principal: { arn: string } };
  const [head] = error.field.split('.');
  const renames: Record<string, string> = {
    principal: 'principal',
    attachTo: event.policyType === 'resource' ? 'resource' : 'principal',
    action: 'action',
    resource: 'resource',
    time: 'time',
    request: error.field.replace(/^request\./, ''),
  };

  return { field: renames[head!] ?? error.field, error: error.error };
}

function problemRejection(problem: LineProblem, raw: string): RecordResult {
  return rejection(problem.line, [{ field: problem.field, error: problem.error }], raw);
}

function rejection(
  line: number,
  errors: FieldError[],
  raw: string,
): Extract<RecordResult, { ok: false }> {
  return { line, ok: false, errors, raw };
}

function permissionKey(permission: LoggedPermission): string {
  return `${permission.action.toLowerCase()} ${permission.resource}`;
}

/**
 * Checks the principal of a record, or a default principal before it is used for logs that
 * name none. Returns the reason it is unusable, or undefined when it is an IAM user, role or
 * root ARN, an STS session ARN or a service principal.
 */
export function invalidPrincipalReason(text: string): string | undefined {
  const { kind } = normalisePrincipal(text);
  if (kind === 'other' || kind === 'anonymous') {
    return `is "${text}" but must be an IAM user, role or root ARN, an STS session ARN or a service principal such as s3.amazonaws.com`;
  }

  return undefined;
}
