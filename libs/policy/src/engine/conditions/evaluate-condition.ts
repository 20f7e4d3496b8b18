import { compileUnits, wildcardUnits, type PatternUnit } from '../matching-wildcard.js';
import type { ConditionClause, RequestContext } from '../policy.js';
import { parsePolicyVariables, resolveTemplate, type ResolvedPart } from '../variables.js';

import { ARN_OPERATORS } from './arn.js';
import { BINARY_OPERATORS } from './binary.js';
import { BOOL_OPERATORS } from './bool.js';
import { getContextKeyValue, type ContextOptions } from './context.js';
import { DATE_OPERATORS } from './date.js';
import { IP_ADDRESS_OPERATORS } from './ip-address.js';
import { evaluateNull } from './null.js';
import { NUMERIC_OPERATORS } from './numeric.js';
import {
  literalPolicyValue,
  type ConditionOperator,
  type ConditionOutcome,
  type PolicyValue,
} from './operator.js';
import { STRING_OPERATORS } from './string.js';

export interface ConditionOptions extends ContextOptions {
  /**
   * Whether `${...}` in String, Arn and Bool values is a policy variable. Defaults to true.
   * IAM reads it as literal text in policies without `"Version": "2012-10-17"`.
   */
  policyVariables?: boolean;
}

/** A policy value with a variable whose key the request context does not contain. */
const UNKNOWN_VALUE = Symbol('unknown policy value');

/** A policy value with a variable whose key is absent from the request or has several values. */
const UNRESOLVED_VALUE = Symbol('unresolved policy value');

type ResolvedValue = PolicyValue | typeof UNKNOWN_VALUE | typeof UNRESOLVED_VALUE;

const OPERATOR_FAMILIES = [
  STRING_OPERATORS,
  ARN_OPERATORS,
  NUMERIC_OPERATORS,
  DATE_OPERATORS,
  BOOL_OPERATORS,
  BINARY_OPERATORS,
  IP_ADDRESS_OPERATORS,
];

/**
 * Finds a base operator such as `StringLike`. Names are case-sensitive, as in IAM. Returns
 * undefined for an operator this engine does not implement.
 */
export function findConditionOperator(baseOperator: string): ConditionOperator | undefined {
  for (const family of OPERATOR_FAMILIES) {
    const operator = family.get(baseOperator);
    if (operator !== undefined) {
      return operator;
    }
  }
  return undefined;
}

/**
 * Evaluates one condition clause against the request context.
 *
 * The result is `conditional` when the context lacks a key the clause needs (see
 * `ContextOptions.contextComplete`) and when the operator is not one this engine implements,
 * so an unknown operator never allows or denies on its own. Key names are compared without
 * case, as IAM does; values keep their case except for the IgnoreCase operators.
 *
 * Missing keys follow IAM. `ForAllValues` is true and `ForAnyValue` is false, with or without
 * `IfExists`. Without a set operator, `...IfExists` and negated operators are true and the
 * others are false.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
export function evaluateCondition(
  clause: ConditionClause,
  context: RequestContext | undefined,
  options: ConditionOptions = {},
): ConditionOutcome {
  const { operator: written, baseOperator, setOperator, ifExists, key } = clause;

  if (baseOperator === 'Null' && !ifExists && setOperator === undefined) {
    return evaluateNull(clause, getContextKeyValue(context, key, options));
  }

  const operator = findConditionOperator(baseOperator);
  if (operator === undefined) {
    return {
      result: 'conditional',
      reason: `The condition operator ${written} is not supported, so its result is unknown`,
    };
  }

  const value = getContextKeyValue(context, key, options);
  if (value.state === 'unknown') {
    return {
      result: 'conditional',
      reason: `${written} needs ${key}, which the request context does not contain`,
    };
  }

  if (value.state === 'absent') {
    return evaluateAbsentKey(clause, operator);
  }

  const { values: policyValues, unknownKeys } = resolvePolicyValues(
    clause,
    operator,
    context,
    options,
  );
  const requestValues = value.values;
  const matched = testValues(clause, operator, requestValues, policyValues, false);
  if (
    unknownKeys.length > 0 &&
    matched !== testValues(clause, operator, requestValues, policyValues, true)
  ) {
    return {
      result: 'conditional',
      reason:
        `${written} on ${key} depends on the policy variables ${unknownKeys.join(', ')}, ` +
        'which the request context does not contain',
    };
  }

  return {
    result: matched ? 'match' : 'no-match',
    reason:
      `${written}: ${key} ${JSON.stringify(requestValues)} ` +
      `${matched ? 'satisfies' : 'does not satisfy'} ${JSON.stringify(clause.values)}`,
  };
}

function evaluateAbsentKey(clause: ConditionClause, operator: ConditionOperator): ConditionOutcome {
  const { operator: written, setOperator, ifExists, key } = clause;

  // The set operator decides before IfExists. A report on AWS re:Post shows AWS denying a
  // request under an Allow with ForAnyValue:StringEqualsIfExists when aws:TagKeys was missing
  // (https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  let matched: boolean;
  let rule: string;
  if (setOperator === 'ForAllValues') {
    matched = true;
    rule = 'ForAllValues is true for a missing key';
  } else if (setOperator === 'ForAnyValue') {
    matched = false;
    rule = 'ForAnyValue is false for a missing key, with or without IfExists';
  } else if (ifExists) {
    matched = true;
    rule = 'IfExists is true for a missing key';
  } else if (operator.negated) {
    matched = true;
    rule = 'a negated operator is true for a missing key';
  } else {
    matched = false;
    rule = 'the key must be present to match';
  }

  return {
    result: matched ? 'match' : 'no-match',
    reason: `${written}: ${key} is absent from the request, and ${rule}`,
  };
}

/**
 * Applies the set operator, treating each value with an unknown policy variable as passing
 * or failing every comparison, as `unknownValuePasses` selects.
 *
 * A request value passes a positive operator when it matches some policy value, and a
 * negated operator when it differs from every policy value. A comparison with a policy value
 * whose variable has no value always fails, whatever the operator, because the IAM policy variables page
 * states that any attempt to match such a value fails. Without a set operator, a positive operator needs one passing
 * request value and a negated operator needs all of them to pass, which for a single value
 * is the same test.
 */
function testValues(
  clause: ConditionClause,
  operator: ConditionOperator,
  requestValues: string[],
  policyValues: ResolvedValue[],
  unknownValuePasses: boolean,
): boolean {
  const compare = (requestValue: string, policyValue: ResolvedValue): boolean => {
    if (policyValue === UNKNOWN_VALUE) {
      return unknownValuePasses;
    }
    if (policyValue === UNRESOLVED_VALUE) {
      return false;
    }
    return operator.matches(requestValue, policyValue) !== operator.negated;
  };

  const passes = (requestValue: string): boolean =>
    operator.negated
      ? policyValues.every((policyValue) => compare(requestValue, policyValue))
      : policyValues.some((policyValue) => compare(requestValue, policyValue));

  switch (clause.setOperator) {
    case 'ForAllValues':
      return requestValues.every(passes);
    case 'ForAnyValue':
      return requestValues.some(passes);
    default:
      return operator.negated ? requestValues.every(passes) : requestValues.some(passes);
  }
}

/**
 * Replaces policy variables where the operator allows them. A value with a variable that
 * has no single value in the request becomes `UNRESOLVED_VALUE`, or `UNKNOWN_VALUE` when
 * the variable's key is unknown rather than absent.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
function resolvePolicyValues(
  clause: ConditionClause,
  operator: ConditionOperator,
  context: RequestContext | undefined,
  options: ConditionOptions,
): { values: ResolvedValue[]; unknownKeys: string[] } {
  if (!operator.acceptsPolicyVariables || options.policyVariables === false) {
    return { values: clause.values.map(literalPolicyValue), unknownKeys: [] };
  }

  const values: ResolvedValue[] = [];
  const unknownKeys: string[] = [];
  for (const policyValue of clause.values) {
    if (!policyValue.includes('${')) {
      values.push(literalPolicyValue(policyValue));
      continue;
    }

    const resolution = resolveTemplate(parsePolicyVariables(policyValue), context ?? {});
    if (resolution.kind === 'resolved') {
      const units = partUnits(resolution.parts);
      values.push({ text: joinParts(resolution.parts), glob: compileUnits(units), units });
      continue;
    }

    const unknown = resolution.missing.filter(
      (key) => getContextKeyValue(context, key, options).state === 'unknown',
    );
    if (unknown.length > 0) {
      values.push(UNKNOWN_VALUE);
      unknownKeys.push(...unknown);
    } else {
      values.push(UNRESOLVED_VALUE);
    }
  }
  return { values, unknownKeys };
}

function joinParts(parts: readonly ResolvedPart[]): string {
  return parts.map((part) => (part.kind === 'unknown' ? '' : part.text)).join('');
}

/** Text written in the policy keeps its wildcards; substituted values are literal. */
function partUnits(parts: readonly ResolvedPart[]): PatternUnit[] {
  return parts.flatMap((part): PatternUnit[] =>
    part.kind === 'text'
      ? wildcardUnits(part.text)
      : Array.from(part.kind === 'literal' ? part.text : ''),
  );
}
