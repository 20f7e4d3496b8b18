import { compileGlob, type CompiledGlob, type PatternUnit } from '../matching-wildcard.js';
import type { MatchResult } from '../policy.js';

/** The result of testing one condition clause, with a sentence a user can read. */
export interface ConditionOutcome {
  result: MatchResult;
  reason: string;
}

/** A policy value after its policy variables are replaced from the request context. */
export interface PolicyValue {
  text: string;
  /**
   * The value as a wildcard pattern: `*` and `?` written in the policy are wildcards, while
   * characters from variable values and the escapes `${*}` and `${?}` are literal.
   */
  glob: CompiledGlob;
  /** The pattern's characters and wildcards. Only for values that had policy variables. */
  units?: readonly PatternUnit[];
}

/**
 * One base condition operator, such as `StringNotLike`. Negated operators share `matches`
 * with their positive form: a request value passes a negated operator when it matches none
 * of the policy values.
 */
export interface ConditionOperator {
  name: string;
  negated: boolean;
  /** Whether IAM replaces `${...}` policy variables in this operator's policy values. */
  acceptsPolicyVariables: boolean;
  /** Tests the positive form: does this request value match this policy value? */
  matches(requestValue: string, policyValue: PolicyValue): boolean;
}

/** Wraps a policy value that has no policy variables to replace. */
export function literalPolicyValue(text: string): PolicyValue {
  return { text, glob: compileGlob(text) };
}

export function defineOperators(
  operators: ConditionOperator[],
): ReadonlyMap<string, ConditionOperator> {
  return new Map(operators.map((operator) => [operator.name, operator]));
}
