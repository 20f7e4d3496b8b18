import type { ConditionClause } from '../policy.js';

import type { ContextKeyValue } from './context.js';
import type { ConditionOutcome } from './operator.js';

/**
 * Evaluates the Null operator, which tests whether a key is absent (`"true"`) or present
 * (`"false"`). It takes no `IfExists` suffix and no policy variables.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
 */
export function evaluateNull(clause: ConditionClause, value: ContextKeyValue): ConditionOutcome {
  const { key, values } = clause;

  if (value.state === 'unknown') {
    return {
      result: 'conditional',
      reason: `Null needs to know whether ${key} is present, but the request context may be incomplete`,
    };
  }

  const absent = value.state === 'absent';
  const expected = absent ? 'true' : 'false';
  const matched = values.some((policyValue) => policyValue.toLowerCase() === expected);
  return {
    result: matched ? 'match' : 'no-match',
    reason: `${key} is ${absent ? 'absent' : 'present'}, and Null expects ${JSON.stringify(values)}`,
  };
}
