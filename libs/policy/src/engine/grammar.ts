import { PolicyGrammarError, type PolicyGrammarIssue } from './errors.js';
import { isPlainObject, parseConditionBlock } from './grammar-conditions.js';
import { findDuplicateKeys, indexPath, joinPath } from './grammar-json.js';
import type { Effect, Policy, PrincipalElement, PrincipalType, Statement } from './policy.js';

/**
 * Parses and validates IAM policy documents against "Grammar of the IAM JSON policy
 * language" in the IAM User Guide
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 *
 * NOTE: rules that depend on the policy type or the service are not checked: size quotas,
 * the alphanumeric-only Sid of IAM policies, and Id or Principal in identity policies.
 */

export type PolicyValidationResult =
  | { ok: true; policy: Policy }
  | { ok: false; errors: [PolicyGrammarIssue, ...PolicyGrammarIssue[]] };

type Version = NonNullable<Policy['version']>;

const VERSIONS: readonly Version[] = ['2012-10-17', '2008-10-17'];
const POLICY_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const EFFECTS: readonly Effect[] = ['Allow', 'Deny'];

/**
 * `*`, or a service prefix and an action name, either of which may hold `*` and `?`.
 *
 * NOTE: the AWS grammar page shows wildcards only in action names. Whether IAM accepts them
 * in the service prefix (`*:List*`) is unverified, and this pattern accepts them.
 */
const ACTION_PATTERN = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?_.-]+)$/;

/**
 * Parses a policy document, given as an object or as JSON text, into a `Policy` whose
 * string-or-array elements are arrays. Throws PolicyGrammarError when IAM would reject
 * the document.
 */
export function parsePolicy(document: unknown): Policy {
  const result = validatePolicy(document);
  if (!result.ok) {
    throw new PolicyGrammarError(result.errors);
  }
  return result.policy;
}

/**
 * Validates a policy document and returns either the parsed policy or every violation
 * found: duplicate keys first, then the elements in the order they were checked. Only
 * JSON text can be checked for duplicate keys, because a parsed object has lost them.
 */
export function validatePolicy(document: unknown): PolicyValidationResult {
  const issues: PolicyGrammarIssue[] = [];
  const value = typeof document === 'string' ? parseJsonText(document, issues) : { document };

  const policy = value === undefined ? undefined : parseDocument(value.document, issues);
  const [first, ...rest] = issues;

  if (first !== undefined) {
    return { ok: false, errors: [first, ...rest] };
  }
  if (policy === undefined) {
    return { ok: false, errors: [{ path: '', reason: 'is not a valid policy' }] };
  }
  return { ok: true, policy };
}

/**
 * Tells whether `${...}` in the policy is a policy variable. IAM added variables in policy
 * language version 2012-10-17 and reads them as literal text under 2008-10-17 or without
 * a `Version`.
 */
export function supportsPolicyVariables(policy: Pick<Policy, 'version'>): boolean {
  return policy.version === '2012-10-17';
}

/** Parses JSON text. Returns undefined, after recording why, when the text is not JSON. */
function parseJsonText(
  text: string,
  issues: PolicyGrammarIssue[],
): { document: unknown } | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    issues.push({ path: '', reason: `is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }

  issues.push(...findDuplicateKeys(text));
  return { document };
}

function parseDocument(document: unknown, issues: PolicyGrammarIssue[]): Policy | undefined {
  if (!isPlainObject(document)) {
    issues.push({ path: '', reason: 'must be a JSON object with a Statement element' });
    return undefined;
  }

  reportUnknownKeys(document, '', POLICY_KEYS, issues);

  const version = parseVersion(document['Version'], issues);
  const id = parseOptionalString(document, 'Id', '', issues);
  const statements = parseStatementBlock(document['Statement'], issues);
  reportDuplicateSids(statements, issues);

  return {
    ...(version === undefined ? {} : { version }),
    ...(id === undefined ? {} : { id }),
    statements: statements.map(({ statement }) => statement),
  };
}

function parseVersion(value: unknown, issues: PolicyGrammarIssue[]): Version | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!VERSIONS.includes(value as Version)) {
    issues.push({ path: 'Version', reason: 'must be "2012-10-17" or "2008-10-17"' });
    return undefined;
  }
  return value as Version;
}

interface ParsedStatement {
  statement: Statement;
  path: string;
}

function parseStatementBlock(value: unknown, issues: PolicyGrammarIssue[]): ParsedStatement[] {
  if (value === undefined) {
    issues.push({
      path: 'Statement',
      reason: 'is missing, but a policy needs at least one statement',
    });
    return [];
  }
  if (isPlainObject(value)) {
    return [{ statement: parseStatement(value, 'Statement', 0, issues), path: 'Statement' }];
  }
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({
      path: 'Statement',
      reason: 'must be a statement object or a non-empty array of them',
    });
    return [];
  }

  return value.flatMap((item, index) => {
    const path = indexPath('Statement', index);
    if (!isPlainObject(item)) {
      issues.push({ path, reason: 'must be a statement object' });
      return [];
    }
    return [{ statement: parseStatement(item, path, index, issues), path }];
  });
}

function parseStatement(
  element: Record<string, unknown>,
  path: string,
  index: number,
  issues: PolicyGrammarIssue[],
): Statement {
  reportUnknownKeys(element, path, STATEMENT_KEYS, issues);

  const sid = parseOptionalString(element, 'Sid', path, issues);
  const effect = parseEffect(element['Effect'], joinPath(path, 'Effect'), issues);
  const action = parseExclusivePair(
    element,
    path,
    ['Action', 'NotAction'],
    true,
    issues,
    checkAction,
  );
  const resource = parseExclusivePair(
    element,
    path,
    ['Resource', 'NotResource'],
    false,
    issues,
    checkResource,
  );
  const principals = parsePrincipalPair(element, path, issues);
  const conditions =
    element['Condition'] === undefined
      ? []
      : parseConditionBlock(element['Condition'], joinPath(path, 'Condition'), issues);

  return {
    index,
    ...(sid === undefined ? {} : { sid }),
    effect,
    ...(action === undefined
      ? {}
      : action.negated
        ? { notAction: action.values }
        : { action: action.values }),
    ...(resource === undefined
      ? {}
      : resource.negated
        ? { notResource: resource.values }
        : { resource: resource.values }),
    ...principals,
    conditions,
  };
}

function parseEffect(value: unknown, path: string, issues: PolicyGrammarIssue[]): Effect {
  if (value === undefined) {
    issues.push({ path, reason: 'is missing, but every statement needs "Allow" or "Deny"' });
    return 'Deny';
  }
  if (!EFFECTS.includes(value as Effect)) {
    issues.push({ path, reason: 'must be "Allow" or "Deny", spelled with that case' });
    return 'Deny';
  }
  return value as Effect;
}

/** Returns why an item is invalid, or undefined when it is valid. */
type ItemCheck = (item: string) => string | undefined;

/**
 * Parses an element that has a negated form, such as Action and NotAction. At most one of
 * the two may appear, and exactly one when `required`. `negated` is true for the negated form.
 */
function parseExclusivePair(
  element: Record<string, unknown>,
  path: string,
  [positive, negative]: [string, string],
  required: boolean,
  issues: PolicyGrammarIssue[],
  checkItem: ItemCheck,
): { negated: boolean; values: string[] } | undefined {
  const hasPositive = element[positive] !== undefined;
  const hasNegative = element[negative] !== undefined;

  if (hasPositive && hasNegative) {
    issues.push({
      path,
      reason: `contains both ${positive} and ${negative}, but a statement takes only one of them`,
    });
    return undefined;
  }
  if (!hasPositive && !hasNegative) {
    if (required) {
      issues.push({ path, reason: `is missing ${positive} or ${negative}` });
    }
    return undefined;
  }

  const name = hasPositive ? positive : negative;
  const values = parseStringList(element[name], joinPath(path, name), issues, checkItem);
  return values === undefined ? undefined : { negated: hasNegative, values };
}

/** Parses a string or a non-empty array of strings, checking each item. */
function parseStringList(
  value: unknown,
  path: string,
  issues: PolicyGrammarIssue[],
  checkItem: ItemCheck,
): string[] | undefined {
  if (typeof value === 'string') {
    const reason = checkItem(value);
    if (reason !== undefined) {
      issues.push({ path, reason });
      return undefined;
    }
    return [value];
  }

  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path, reason: 'must be a string or a non-empty array of strings' });
    return undefined;
  }

  let valid = true;
  value.forEach((item, index) => {
    const reason = typeof item === 'string' ? checkItem(item) : 'must be a string';
    if (reason !== undefined) {
      issues.push({ path: indexPath(path, index), reason });
      valid = false;
    }
  });

  return valid ? (value as string[]) : undefined;
}

function checkAction(action: string): string | undefined {
  return ACTION_PATTERN.test(action)
    ? undefined
    : `"${action}" must be "*" or a service prefix and action name, such as "s3:GetObject"`;
}

function checkResource(resource: string): string | undefined {
  return resource === '*' || resource.startsWith('arn:')
    ? undefined
    : `"${resource}" must be "*" or an ARN that starts with "arn:"`;
}

function parsePrincipalPair(
  element: Record<string, unknown>,
  path: string,
  issues: PolicyGrammarIssue[],
): Pick<Statement, 'principal' | 'notPrincipal'> {
  const hasPrincipal = element['Principal'] !== undefined;
  const hasNotPrincipal = element['NotPrincipal'] !== undefined;

  if (hasPrincipal && hasNotPrincipal) {
    issues.push({
      path,
      reason: 'contains both Principal and NotPrincipal, but a statement takes only one of them',
    });
    return {};
  }
  if (!hasPrincipal && !hasNotPrincipal) {
    return {};
  }

  const name = hasPrincipal ? 'Principal' : 'NotPrincipal';
  const parsed = parsePrincipal(element[name], joinPath(path, name), issues);
  if (parsed === undefined) {
    return {};
  }
  return hasPrincipal ? { principal: parsed } : { notPrincipal: parsed };
}

function parsePrincipal(
  value: unknown,
  path: string,
  issues: PolicyGrammarIssue[],
): PrincipalElement | undefined {
  if (value === '*') {
    return '*';
  }
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    issues.push({
      path,
      reason: 'must be "*" or an object such as {"AWS": "123456789012"} with at least one entry',
    });
    return undefined;
  }

  const principal: { [type in PrincipalType]?: string[] } = {};
  let valid = true;

  for (const [type, entries] of Object.entries(value)) {
    const typePath = joinPath(path, type);
    if (!PRINCIPAL_TYPES.includes(type as PrincipalType)) {
      issues.push({
        path: typePath,
        reason: 'must be one of AWS, Service, Federated or CanonicalUser',
      });
      valid = false;
      continue;
    }

    const checkEntry = type === 'AWS' ? checkAwsPrincipal : checkPrincipalName;
    const list = parseStringList(entries, typePath, issues, checkEntry);
    if (list === undefined) {
      valid = false;
    } else {
      principal[type as PrincipalType] = list;
    }
  }

  return valid ? principal : undefined;
}

function checkPrincipalName(entry: string): string | undefined {
  return entry.trim() === '' ? 'must be a non-empty principal' : undefined;
}

/** IAM allows `*` only on its own in a principal, never inside a name or ARN. */
function checkAwsPrincipal(entry: string): string | undefined {
  if (entry.trim() === '') {
    return 'must be a non-empty principal';
  }
  if (entry !== '*' && /[*?]/.test(entry)) {
    return (
      `"${entry}" contains a wildcard, which IAM allows only as "*" on its own. ` +
      'Name the principal exactly or test aws:PrincipalArn with ArnLike in a Condition'
    );
  }
  return undefined;
}

function parseOptionalString(
  element: Record<string, unknown>,
  key: string,
  path: string,
  issues: PolicyGrammarIssue[],
): string | undefined {
  const value = element[key];
  if (value === undefined || typeof value === 'string') {
    return value;
  }
  issues.push({ path: joinPath(path, key), reason: 'must be a string' });
  return undefined;
}

function reportUnknownKeys(
  element: Record<string, unknown>,
  path: string,
  allowed: ReadonlySet<string>,
  issues: PolicyGrammarIssue[],
): void {
  for (const key of Object.keys(element)) {
    if (!allowed.has(key)) {
      issues.push({
        path: joinPath(path, key),
        reason: `is not a policy element here. Expected one of ${[...allowed].join(', ')}`,
      });
    }
  }
}

/** IAM requires statement ids to be unique within a policy. */
function reportDuplicateSids(statements: ParsedStatement[], issues: PolicyGrammarIssue[]): void {
  const firstPathBySid = new Map<string, string>();

  for (const { statement, path } of statements) {
    if (statement.sid === undefined) {
      continue;
    }
    const firstPath = firstPathBySid.get(statement.sid);
    if (firstPath === undefined) {
      firstPathBySid.set(statement.sid, path);
    } else {
      issues.push({
        path: joinPath(path, 'Sid'),
        reason: `repeats the Sid "${statement.sid}" of ${firstPath}, but statement ids must be unique`,
      });
    }
  }
}
