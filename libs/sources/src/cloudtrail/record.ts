import { InvalidRecordError } from '../record-errors.js';

import { isObject } from './parameters.js';

/** One entry of a record's `resources[]`. */
export interface RecordResource {
  arn: string;
  type?: string;
}

/** The `userIdentity` fields the reader uses. */
export interface UserIdentity {
  type: string;
  arn?: string;
  accountId?: string;
  invokedBy?: string;
  sessionIssuerArn?: string;
}

/** The fields of a CloudTrail record the reader uses, checked for type. */
export interface CloudTrailRecord {
  eventId: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  eventType?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  requestId?: string;
  userIdentity: UserIdentity;
  requestParameters: Record<string, unknown>;
  resources: RecordResource[];
  errorCode?: string;
  errorMessage?: string;
}

const TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks the fields of one record that the mapping depends on and returns them, or throws
 * InvalidRecordError naming the first field that is missing or has the wrong type. Field
 * names are CloudTrail's, so an error points at what the user sent.
 */
export function readRecord(value: unknown): CloudTrailRecord {
  if (!isObject(value)) {
    throw new InvalidRecordError('(record)', 'must be a JSON object');
  }

  const eventTime = requiredString(value, 'eventTime');
  if (!TIME_WITH_ZONE.test(eventTime) || Number.isNaN(Date.parse(eventTime))) {
    throw new InvalidRecordError(
      'eventTime',
      `is "${eventTime}" but must be an ISO 8601 time with a zone, such as 2026-05-14T08:00:01Z`,
    );
  }

  const awsRegion = optionalString(value, 'awsRegion');
  if (awsRegion !== undefined && !/^[a-z0-9-]+$/.test(awsRegion)) {
    throw new InvalidRecordError(
      'awsRegion',
      `is "${awsRegion}" but must be a region name such as eu-west-1`,
    );
  }

  const recipientAccountId = optionalString(value, 'recipientAccountId');
  if (recipientAccountId !== undefined && !/^\d{12}$/.test(recipientAccountId)) {
    throw new InvalidRecordError(
      'recipientAccountId',
      `is "${recipientAccountId}" but must be a 12-digit AWS account id`,
    );
  }

  return {
    eventId: requiredString(value, 'eventID'),
    eventTime,
    eventSource: requiredString(value, 'eventSource'),
    eventName: requiredString(value, 'eventName'),
    eventType: optionalString(value, 'eventType'),
    awsRegion,
    recipientAccountId,
    requestId: optionalString(value, 'requestID'),
    userIdentity: readUserIdentity(value.userIdentity),
    requestParameters: readParameters(value.requestParameters),
    resources: readResources(value.resources),
    errorCode: optionalString(value, 'errorCode'),
    errorMessage: optionalString(value, 'errorMessage'),
  };
}

function readUserIdentity(value: unknown): UserIdentity {
  if (!isObject(value)) {
    throw new InvalidRecordError(
      'userIdentity',
      value === undefined || value === null ? 'is missing' : 'must be a JSON object',
    );
  }

  const sessionContext = value.sessionContext;
  const issuer = isObject(sessionContext) ? sessionContext.sessionIssuer : undefined;
  if (issuer !== undefined && issuer !== null && !isObject(issuer)) {
    throw new InvalidRecordError(
      'userIdentity.sessionContext.sessionIssuer',
      'must be a JSON object',
    );
  }

  return {
    type: requiredString(value, 'type', 'userIdentity.'),
    arn: optionalString(value, 'arn', 'userIdentity.'),
    accountId: optionalString(value, 'accountId', 'userIdentity.'),
    invokedBy: optionalString(value, 'invokedBy', 'userIdentity.'),
    sessionIssuerArn: isObject(issuer)
      ? optionalString(issuer, 'arn', 'userIdentity.sessionContext.sessionIssuer.')
      : undefined,
  };
}

/** CloudTrail writes `null` when a call has no parameters or they were too large to log. */
function readParameters(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) {
    return {};
  }
  if (!isObject(value)) {
    throw new InvalidRecordError('requestParameters', 'must be a JSON object or null');
  }

  return value;
}

function readResources(value: unknown): RecordResource[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new InvalidRecordError('resources', 'must be an array');
  }

  // Entries without an ARN (some carry only `ARNPrefix`) cannot name a resource, so they
  // are ignored rather than rejecting the whole record.
  return value.flatMap((item, index) => {
    const prefix = `resources[${index}].`;
    if (!isObject(item)) {
      throw new InvalidRecordError(`resources[${index}]`, 'must be a JSON object');
    }

    const arn = optionalString(item, 'ARN', prefix);
    const type = optionalString(item, 'type', prefix);
    return arn === undefined ? [] : [{ arn, ...(type === undefined ? {} : { type }) }];
  });
}

function requiredString(object: Record<string, unknown>, key: string, prefix = ''): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') {
    throw new InvalidRecordError(
      `${prefix}${key}`,
      value === undefined || value === null ? 'is missing' : 'must be a non-empty string',
    );
  }

  return value;
}

function optionalString(
  object: Record<string, unknown>,
  key: string,
  prefix = '',
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InvalidRecordError(`${prefix}${key}`, 'must be a string');
  }

  return value === '' ? undefined : value;
}
