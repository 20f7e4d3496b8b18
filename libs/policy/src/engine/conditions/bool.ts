import { defineOperators, type PolicyValue } from './operator.js';

/** Matches when both sides spell the same boolean, `true` or `false` in any case. */
function matchBoolean(requestValue: string, { text: policyValue }: PolicyValue): boolean {
  const request = requestValue.toLowerCase();
  return (request === 'true' || request === 'false') && request === policyValue.toLowerCase();
}

// Bool accepts policy variables and has no negated form.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
export const BOOL_OPERATORS = defineOperators([
  { name: 'Bool', negated: false, acceptsPolicyVariables: true, matches: matchBoolean },
]);
