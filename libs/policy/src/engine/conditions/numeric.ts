import { defineOperators, type PolicyValue } from './operator.js';

const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Parses an integer or decimal such as `10`, `-2.5` or `.5`. Returns undefined for anything else. */
export function parseDecimal(text: string): number | undefined {
  return DECIMAL_PATTERN.test(text) ? Number(text) : undefined;
}

/** Builds a comparison that fails when either side is not a number, so it never matches. */
function compareNumbers(test: (request: number, policy: number) => boolean) {
  return (requestValue: string, { text: policyValue }: PolicyValue): boolean => {
    const request = parseDecimal(requestValue);
    const policy = parseDecimal(policyValue);
    return request !== undefined && policy !== undefined && test(request, policy);
  };
}

// Numeric operators take no policy variables.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
export const NUMERIC_OPERATORS = defineOperators([
  {
    name: 'NumericEquals',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareNumbers((request, policy) => request === policy),
  },
  {
    name: 'NumericNotEquals',
    negated: true,
    acceptsPolicyVariables: false,
    matches: compareNumbers((request, policy) => request === policy),
  },
  {
    name: 'NumericLessThan',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareNumbers((request, policy) => request < policy),
  },
  {
    name: 'NumericLessThanEquals',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareNumbers((request, policy) => request <= policy),
  },
  {
    name: 'NumericGreaterThan',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareNumbers((request, policy) => request > policy),
  },
  {
    name: 'NumericGreaterThanEquals',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareNumbers((request, policy) => request >= policy),
  },
]);
