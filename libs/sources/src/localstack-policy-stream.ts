import { createHash } from 'node:crypto';

import {
  statementPrincipalSchema,
  validateEvaluationEvent,
  type Decision,
  type FieldError,
  type IamEvaluationEvent,
  type PolicyType,
  type StatementCondition,
  type StatementPrincipal,
} from '../../contract/src/index.js';
import { normalisePrincipal, parseArn } from '../../policy/src/index.js';

import { parseJsonLine, splitLines } from './ndjson.js';
import { InvalidRecordError, type RecordResult } from './record-errors.js';

/**
 * `policy_type` values seen from LocalStack's `/_aws/iam/policies/stream`. LocalStack has not
 * documented the resource-based literal, so both spellings in use are accepted.
 */
const POLICY_TYPE_ALIASES: Record<string, PolicyType> = {
  identity: 'identity',
  resource: 'resource',
  'resource-based': 'resource',
};

interface StreamStatement {
  Action: string[];
  Resource: string[];
  Principal?: StatementPrincipal;
  Condition?: StatementCondition;
}

/** Options for reading a policy stream; `receivedAt` stamps events, as entries carry no time. */
export interface PolicyStreamOptions {
  receivedAt: Date;
}

/**
 * Reads NDJSON lines exactly as LocalStack's policy stream emits them and turns each
 * (action, resource) of each statement into one canonical event. Blank lines are skipped.
 */
export function readLocalStackPolicyStream(
  body: string,
  options: PolicyStreamOptions,
): RecordResult[] {
  return splitLines(body).map(({ line, text }) => {
    const parsed = parseJsonLine(text);
    if (!parsed.ok) {
      return { line, ok: false, errors: [{ field: '(line)', error: parsed.error }], raw: text };
    }

    const result = readEntry(line, parsed.value, options);
    return result.ok ? result : { ...result, raw: text };
  });
}

function readEntry(line: number, value: unknown, options: PolicyStreamOptions): RecordResult {
  let candidates: unknown[];
  try {
    candidates = entryToEvents(value, options);
  } catch (error) {
    if (error instanceof InvalidRecordError) {
      return { line, ok: false, errors: [{ field: error.field, error: error.reason }] };
    }
    // NOTE: only a bug in this reader gets here. The line is rejected so the rest of the
    // request still succeeds, and the message names the cause for the bug report.
    return {
      line,
      ok: false,
      errors: [{ field: '(line)', error: `could not be read: ${(error as Error).message}` }],
    };
  }

  const events: IamEvaluationEvent[] = [];
  const errors: FieldError[] = [];
  for (const candidate of candidates) {
    const validation = validateEvaluationEvent(candidate);
    if (validation.ok) {
      events.push(validation.event);
    } else {
      errors.push(...validation.errors.map(toStreamField));
    }
  }

  return errors.length > 0 ? { line, ok: false, errors } : { line, ok: true, events };
}

function entryToEvents(value: unknown, options: PolicyStreamOptions): unknown[] {
  const entry = requireObject(value, '(line)');
  const attachTo = requireString(entry.resource, 'resource');
  const policyType = readPolicyType(entry.policy_type);
  const request = requireObject(entry.request, 'request');
  const statements = readStatements(entry.policy_document, policyType);

  const service = requireString(request.service, 'request.service');
  const operation = requireString(request.operation, 'request.operation');
  const requestId = optionalString(request.id, 'request.id');
  const decision = readDecision(request.allowed);
  const attachToArn = parseArn(attachTo);
  if (attachToArn === undefined) {
    throw new InvalidRecordError(
      'resource',
      'must be an ARN such as arn:aws:iam::123456789012:role/name',
    );
  }

  const target = policyType === 'identity' ? normalisePrincipal(attachTo) : undefined;
  const attachToNormalised = target?.arn ?? attachTo;
  const time = options.receivedAt.toISOString();
  const events: unknown[] = [];

  for (const statement of statements) {
    for (const action of statement.Action) {
      for (const resource of statement.Resource) {
        const resourceArn = parseArn(resource);
        const region = resourceArn?.region || attachToArn.region || undefined;
        const account = attachToArn.account || resourceArn?.account || undefined;

        events.push({
          id: eventId(requestId, policyType, attachToNormalised, action, resource, statement),
          time,
          source: 'localstack-policy-stream',
          principal: target ?? callerOfResourceStatement(statement, attachToNormalised),
          policyType,
          attachTo: attachToNormalised,
          action,
          resource,
          ...(statement.Principal === undefined
            ? {}
            : { principalInStatement: statement.Principal }),
          ...(statement.Condition === undefined ? {} : { condition: statement.Condition }),
          decision,
          request: {
            service,
            operation,
            ...(requestId === undefined ? {} : { id: requestId }),
            ...(region === undefined ? {} : { region }),
            ...(account === undefined || !/^\d{12}$/.test(account) ? {} : { account }),
          },
        });
      }
    }
  }

  return events;
}

/**
 * Derives a stable event id from the request id and the permission, so the same stream sent
 * twice yields the same ids. Entries without a request id hash their content instead.
 */
function eventId(
  requestId: string | undefined,
  policyType: PolicyType,
  attachTo: string,
  action: string,
  resource: string,
  statement: StreamStatement,
): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        policyType,
        attachTo,
        action.toLowerCase(),
        resource,
        statement.Principal ?? null,
        statement.Condition ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 16);

  return `localstack:${requestId ?? 'no-request-id'}:${digest}`;
}

/**
 * Picks who calls in a resource-based statement: its single AWS or service principal, or the
 * attachment target itself when the statement names several or none.
 */
function callerOfResourceStatement(statement: StreamStatement, attachTo: string): unknown {
  const principal = statement.Principal;
  if (principal === '*' || principal === undefined) {
    return normalisePrincipal('*');
  }

  const names = [principal.AWS, principal.Service, principal.Federated].flatMap((value) =>
    value === undefined ? [] : Array.isArray(value) ? value : [value],
  );
  if (names.length !== 1) {
    return normalisePrincipal(attachTo);
  }

  // IAM reads a bare account id in a Principal as that account's root user.
  const [name] = names;
  const partition = parseArn(attachTo)?.partition ?? 'aws';
  return normalisePrincipal(/^\d{12}$/.test(name!) ? `arn:${partition}:iam::${name}:root` : name!);
}

function readPolicyType(value: unknown): PolicyType {
  const text = requireString(value, 'policy_type');
  const policyType = POLICY_TYPE_ALIASES[text];
  if (policyType === undefined) {
    throw new InvalidRecordError(
      'policy_type',
      `is "${text}" but must be one of ${Object.keys(POLICY_TYPE_ALIASES)
        .map((name) => `"${name}"`)
        .join(', ')}`,
    );
  }

  return policyType;
}

function readDecision(allowed: unknown): Decision {
  if (allowed === true) {
    return 'allow';
  }
  if (allowed === false) {
    return 'implicit-deny';
  }
  if (allowed === undefined || allowed === null) {
    return 'unknown';
  }

  throw new InvalidRecordError('request.allowed', 'must be true, false or absent');
}

function readStatements(value: unknown, policyType: PolicyType): StreamStatement[] {
  const document = requireObject(value, 'policy_document');
  const raw = document.Statement;
  let list: unknown[] = [];
  if (Array.isArray(raw)) {
    list = raw;
  } else if (raw !== undefined) {
    list = [raw];
  }
  if (list.length === 0) {
    throw new InvalidRecordError('policy_document.Statement', 'is missing or empty');
  }

  return list.map((item, index) => {
    const path = `policy_document.Statement[${index}]`;
    const statement = requireObject(item, path);
    const effect = statement.Effect;
    if (effect !== 'Allow') {
      throw new InvalidRecordError(
        `${path}.Effect`,
        `is ${JSON.stringify(effect)} but a policy stream statement must be "Allow"`,
      );
    }
    for (const element of ['NotAction', 'NotResource', 'NotPrincipal']) {
      if (statement[element] !== undefined) {
        throw new InvalidRecordError(
          `${path}.${element}`,
          `is not supported: a policy stream statement names what one request needed with Action, Resource and Principal`,
        );
      }
    }

    return {
      Action: requireStringList(statement.Action, `${path}.Action`),
      Resource: requireStringList(statement.Resource, `${path}.Resource`),
      ...readPrincipal(statement.Principal, policyType, `${path}.Principal`),
      ...readCondition(statement.Condition, `${path}.Condition`),
    };
  });
}

/** Resource-based statements must name who is allowed; identity statements must not. */
function readPrincipal(
  value: unknown,
  policyType: PolicyType,
  field: string,
): { Principal?: StatementPrincipal } {
  if (policyType === 'identity') {
    if (value !== undefined) {
      throw new InvalidRecordError(field, 'is only allowed when policy_type is "resource"');
    }
    return {};
  }
  if (value === undefined) {
    throw new InvalidRecordError(
      field,
      'is missing; a resource-based statement must name its principal, such as {"Service": "s3.amazonaws.com"}',
    );
  }

  const parsed = statementPrincipalSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidRecordError(
      field,
      'must be "*" or an object whose AWS, Service, Federated or CanonicalUser values are strings or arrays of strings',
    );
  }

  return { Principal: parsed.data };
}

/** Reads a Condition element, writing JSON booleans and numbers as the strings IAM compares. */
function readCondition(value: unknown, field: string): { Condition?: StatementCondition } {
  if (value === undefined) {
    return {};
  }

  const operators = requireObject(value, field);
  const condition: StatementCondition = {};
  for (const [operator, keys] of Object.entries(operators)) {
    const entries = Object.entries(requireObject(keys, `${field}.${operator}`));
    if (entries.length === 0) {
      continue;
    }

    condition[operator] = Object.fromEntries(
      entries.map(([key, values]) => [key, conditionValues(values, `${field}.${operator}.${key}`)]),
    );
  }

  return Object.keys(condition).length === 0 ? {} : { Condition: condition };
}

function conditionValues(value: unknown, field: string): string | string[] {
  const list = Array.isArray(value) ? value : [value];
  if (
    list.length === 0 ||
    list.some((item) => !['string', 'number', 'boolean'].includes(typeof item))
  ) {
    throw new InvalidRecordError(
      field,
      'must be a string, number or boolean, or a non-empty array of them',
    );
  }

  const strings = list.map((item) => String(item));
  return Array.isArray(value) ? strings : strings[0]!;
}

/** Maps canonical field paths back to the stream's own names, so errors name what the user sent. */
function toStreamField(error: FieldError): FieldError {
  const renames: Record<string, string> = {
    attachTo: 'resource',
    policyType: 'policy_type',
    action: 'policy_document.Statement.Action',
    resource: 'policy_document.Statement.Resource',
    principalInStatement: 'policy_document.Statement.Principal',
    condition: 'policy_document.Statement.Condition',
    principal: 'policy_document.Statement.Principal',
    id: 'request.id',
    request: 'request',
  };
  const [head, ...rest] = error.field.split('.');
  const renamed = renames[head!];
  const field = renamed === undefined ? error.field : [renamed, ...rest].join('.');

  return { field, error: error.error };
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRecordError(
      field,
      value === undefined ? 'is missing' : 'must be a JSON object',
    );
  }

  return value as Record<string, unknown>;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidRecordError(
      field,
      value === undefined ? 'is missing' : 'must be a non-empty string',
    );
  }

  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, field);
}

function requireStringList(value: unknown, field: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((item) => typeof item !== 'string' || item.length === 0)) {
    throw new InvalidRecordError(
      field,
      value === undefined ? 'is missing' : 'must be a string or a non-empty array of strings',
    );
  }

  return list as string[];
}
