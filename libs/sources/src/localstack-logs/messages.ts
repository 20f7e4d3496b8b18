/** One permission the policy engine evaluated: an action on a resource ARN or `*`. */
export interface LoggedPermission {
  action: string;
  resource: string;
}

/** Outcome of the policy engine for a list of permissions, as its DEBUG lines name it. */
export type PermissionOutcome = 'explicitly denied' | 'explicitly allowed' | 'implicitly denied';

const PERMISSION_OUTCOMES: readonly PermissionOutcome[] = [
  'explicitly denied',
  'explicitly allowed',
  'implicitly denied',
];

/** A message of the IAM policy engine handler, read into its parts. */
export type IamMessage =
  | {
      /** The 2023-2025 header (with a principal) or the 2022 header (without one). */
      kind: 'request';
      service: string;
      operation: string;
      principal?: string;
      allowed: boolean;
    }
  | {
      /** The current single-line format, one denied permission per line. */
      kind: 'not-authorized';
      principal: string;
      permission: LoggedPermission;
      explicitDeny: boolean;
    }
  | { kind: 'necessary-permissions'; permissions: LoggedPermission[] }
  | { kind: 'evaluated-permissions'; outcome: PermissionOutcome; permissions: LoggedPermission[] };

/** A handler message read into its parts, or the reason it could not be read. */
export type IamMessageResult = { ok: true; message: IamMessage } | { ok: false; reason: string };

const REQUEST_HEADER =
  /^Request for service '?([\w.-]+)'?(?: by principal '([^']+)')? for operation '?(\w+)'? (denied|allowed)\.$/;

const NOT_AUTHORIZED =
  /^User: (\S+) is not authorized to perform: (\S+)(?: on resource: (.+?))? (?:because no (.+?) allows the (\S+) action|with an explicit deny in an? (.+?)(?:: (\S.*))?)$/;

const NECESSARY_PERMISSIONS = /^Necessary permissions for this action: ?(.*)$/;

const EVALUATED_PERMISSIONS = /^(\d+) permissions? (?:have|has) been (\w+ \w+): ?(.*)$/;

const PERMISSION_ITEM = /^Action '([^']+)' for '([^']*)'$/;

/** Policy types end in one of these words in AWS access-denied messages. */
const POLICY_TYPE_ENDING = /(policy|boundary)$/;

const REQUEST_FORMAT =
  "\"Request for service '<service>' by principal '<principal>' for operation '<operation>' denied.\" (or allowed.)";
const NOT_AUTHORIZED_FORMAT =
  '"User: <principal> is not authorized to perform: <action> on resource: <resource> because no <policy type> allows the <action> action" or "... with an explicit deny in a <policy type>: <policy id>"';

const MESSAGE_BEGINNINGS = [
  'Request for service',
  'User:',
  'Necessary permissions for this action:',
];

/** The AWS request log line, `AWS dynamodb.PutItem => 200`, that follows an evaluation. */
const REQUEST_LOG = /^AWS ([\w-]+)\.(\w+) => \d{3}\b/;

/**
 * Reads a message of the policy engine handler. Returns undefined for messages that are not
 * about an IAM evaluation, and a reason for messages that start like one but are cut off or
 * malformed.
 */
export function readIamMessage(message: string): IamMessageResult | undefined {
  if (message.startsWith('Request for service')) {
    return readRequestHeader(message);
  }
  if (message.startsWith('User:')) {
    return readNotAuthorized(message);
  }

  const necessary = NECESSARY_PERMISSIONS.exec(message);
  if (necessary !== null) {
    const list = readPermissionList(necessary[1]!);
    return list.ok
      ? { ok: true, message: { kind: 'necessary-permissions', permissions: list.permissions } }
      : list;
  }

  const evaluated = EVALUATED_PERMISSIONS.exec(message);
  if (evaluated !== null) {
    return readEvaluatedPermissions(evaluated as unknown as string[]);
  }

  if (isCutBeginning(message)) {
    return {
      ok: false,
      reason: `is cut off: the message ${JSON.stringify(message)} is incomplete`,
    };
  }

  return undefined;
}

/** Reads the AWS request log line, the only place the current format's operation appears. */
export function readRequestLog(
  message: string,
): { service: string; operation: string } | undefined {
  const match = REQUEST_LOG.exec(message);
  return match === null ? undefined : { service: match[1]!, operation: match[2]! };
}

function readRequestHeader(message: string): IamMessageResult {
  const match = REQUEST_HEADER.exec(message);
  if (match === null) {
    return { ok: false, reason: `is cut off or malformed: expected ${REQUEST_FORMAT}` };
  }

  const [, service, principal, operation, decision] = match;
  return {
    ok: true,
    message: {
      kind: 'request',
      service: service!,
      operation: operation!,
      ...(principal === undefined ? {} : { principal }),
      allowed: decision === 'allowed',
    },
  };
}

function readNotAuthorized(message: string): IamMessageResult {
  const match = NOT_AUTHORIZED.exec(message);
  if (match === null) {
    return { ok: false, reason: `is cut off or malformed: expected ${NOT_AUTHORIZED_FORMAT}` };
  }

  const [, principal, action, resource, implicitPolicyType, allowsAction, explicitPolicyType] =
    match;
  if (allowsAction !== undefined && allowsAction.toLowerCase() !== action!.toLowerCase()) {
    return {
      ok: false,
      reason: `names ${action} as the action to perform but ${allowsAction} in "allows the ... action"`,
    };
  }

  const policyType = implicitPolicyType ?? explicitPolicyType!;
  if (!POLICY_TYPE_ENDING.test(policyType)) {
    return {
      ok: false,
      reason: `is cut off or malformed: the policy type "${policyType}" does not end in "policy" or "boundary"`,
    };
  }

  return {
    ok: true,
    message: {
      kind: 'not-authorized',
      principal: principal!,
      permission: { action: action!, resource: resource ?? '*' },
      explicitDeny: explicitPolicyType !== undefined,
    },
  };
}

function readEvaluatedPermissions(match: string[]): IamMessageResult {
  const [, countText, outcomeText, listText] = match;
  const outcome = PERMISSION_OUTCOMES.find((known) => known === outcomeText);
  if (outcome === undefined) {
    return {
      ok: false,
      reason: `names the outcome "${outcomeText}" but must name one of ${PERMISSION_OUTCOMES.map((known) => `"${known}"`).join(', ')}`,
    };
  }

  const list = readPermissionList(listText!);
  if (!list.ok) {
    return list;
  }

  const count = Number(countText);
  if (count !== list.permissions.length) {
    return {
      ok: false,
      reason: `states ${count} permissions ${outcome} but lists ${list.permissions.length}`,
    };
  }

  return {
    ok: true,
    message: { kind: 'evaluated-permissions', outcome, permissions: list.permissions },
  };
}

/**
 * Reads `["Action 's3:GetObject' for 'arn:aws:s3:::bucket/key'", ...]`. LocalStack prints the
 * Python list with double-quoted items, which is also valid JSON.
 */
function readPermissionList(
  text: string,
): { ok: true; permissions: LoggedPermission[] } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (!trimmed.endsWith(']')) {
    return { ok: false, reason: 'is cut off: the permission list does not end with "]"' };
  }

  let items: unknown;
  try {
    items = JSON.parse(trimmed);
  } catch (error) {
    return { ok: false, reason: `has an unreadable permission list: ${(error as Error).message}` };
  }
  if (!Array.isArray(items)) {
    return { ok: false, reason: 'has a permission list that is not a list' };
  }

  const permissions: LoggedPermission[] = [];
  for (const item of items) {
    const match = typeof item === 'string' ? PERMISSION_ITEM.exec(item) : null;
    if (match === null) {
      return {
        ok: false,
        reason: `lists ${JSON.stringify(item)} but each item must read "Action '<action>' for '<resource>'"`,
      };
    }
    permissions.push({ action: match[1]!, resource: match[2]! });
  }

  return { ok: true, permissions };
}

/** Tells whether a message is the start of an IAM message cut off before its fixed words end. */
function isCutBeginning(message: string): boolean {
  if (message.trim() === '') {
    return true;
  }
  if (MESSAGE_BEGINNINGS.some((beginning) => beginning.startsWith(message))) {
    return true;
  }

  const count = /^\d+ ?(.*)$/.exec(message);
  if (count === null) {
    return false;
  }

  const rest = count[1]!;
  return (
    'permissions have been'.startsWith(rest) ||
    'permission has been'.startsWith(rest) ||
    /^permissions? (?:have|has) been [\w ]*$/.test(rest)
  );
}
