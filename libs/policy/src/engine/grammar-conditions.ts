import type { PolicyGrammarIssue } from './errors.js';
import { indexPath, joinPath } from './grammar-json.js';
import type { ConditionClause, SetOperator } from './policy.js';

/**
 * Condition operators of "IAM JSON policy elements: Condition operators" in the IAM User
 * Guide (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * IAM compares operator names case-sensitively and rejects `stringEquals` with
 * "Invalid Condition type".
 */
export const CONDITION_OPERATORS: ReadonlySet<string> = new Set([
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
]);

const SET_OPERATORS: readonly SetOperator[] = ['ForAllValues', 'ForAnyValue'];
const IF_EXISTS_SUFFIX = 'IfExists';

type OperatorParts = Pick<ConditionClause, 'baseOperator' | 'setOperator' | 'ifExists'>;

/**
 * Splits `ForAnyValue:StringLikeIfExists` into set operator, base operator and `IfExists`.
 * Returns a reason instead when IAM would reject the operator.
 */
export function parseConditionOperator(operator: string): OperatorParts | { reason: string } {
  let rest = operator;
  let setOperator: SetOperator | undefined;

  const prefix = SET_OPERATORS.find((candidate) => rest.startsWith(`${candidate}:`));
  if (prefix !== undefined) {
    setOperator = prefix;
    rest = rest.slice(prefix.length + 1);
  }

  const ifExists = rest.endsWith(IF_EXISTS_SUFFIX) && rest !== IF_EXISTS_SUFFIX;
  const baseOperator = ifExists ? rest.slice(0, -IF_EXISTS_SUFFIX.length) : rest;

  if (!CONDITION_OPERATORS.has(baseOperator)) {
    return {
      reason:
        'is not a condition operator. Use an operator such as StringEquals or ' +
        'ForAnyValue:StringLikeIfExists, spelled with the same case',
    };
  }
  if (baseOperator === 'Null' && ifExists) {
    return { reason: 'is invalid because the Null operator has no IfExists form' };
  }

  return { baseOperator, ifExists, ...(setOperator === undefined ? {} : { setOperator }) };
}

/**
 * Parses a `Condition` block into one clause per operator and key, in document order.
 * Numbers and booleans become strings, as IAM compares their text.
 */
export function parseConditionBlock(
  block: unknown,
  path: string,
  issues: PolicyGrammarIssue[],
): ConditionClause[] {
  if (!isPlainObject(block)) {
    issues.push({ path, reason: 'must be an object that maps condition operators to keys' });
    return [];
  }

  const clauses: ConditionClause[] = [];

  for (const [operator, keys] of Object.entries(block)) {
    const operatorPath = joinPath(path, operator);
    const parts = parseConditionOperator(operator);
    if ('reason' in parts) {
      issues.push({ path: operatorPath, reason: parts.reason });
      continue;
    }
    if (!isPlainObject(keys)) {
      issues.push({
        path: operatorPath,
        reason: 'must be an object that maps condition keys to values',
      });
      continue;
    }

    for (const [key, value] of Object.entries(keys)) {
      const keyPath = joinPath(operatorPath, key);
      if (key.trim() === '') {
        issues.push({ path: keyPath, reason: 'must be a non-empty condition key' });
        continue;
      }

      const values = parseConditionValues(value, keyPath, issues);
      if (values !== undefined) {
        clauses.push({ operator, ...parts, key, values });
      }
    }
  }

  return clauses;
}

function parseConditionValues(
  value: unknown,
  path: string,
  issues: PolicyGrammarIssue[],
): string[] | undefined {
  if (!Array.isArray(value)) {
    const scalar = conditionScalar(value);
    if (scalar === undefined) {
      issues.push({
        path,
        reason: 'must be a string, number, boolean or a non-empty array of them',
      });
    }
    return scalar === undefined ? undefined : [scalar];
  }

  if (value.length === 0) {
    issues.push({ path, reason: 'must list at least one value' });
    return undefined;
  }

  const values: string[] = [];
  value.forEach((item, index) => {
    const scalar = conditionScalar(item);
    if (scalar === undefined) {
      issues.push({ path: indexPath(path, index), reason: 'must be a string, number or boolean' });
    } else {
      values.push(scalar);
    }
  });

  return values.length === value.length ? values : undefined;
}

function conditionScalar(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
