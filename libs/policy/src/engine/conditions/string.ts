import { matchGlob } from '../matching-wildcard.js';

import { defineOperators, type PolicyValue } from './operator.js';

// String operators compare case-sensitively unless their name contains IgnoreCase, and only
// the Like forms treat `*` and `?` as wildcards.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String

const equals = (requestValue: string, policyValue: PolicyValue): boolean =>
  requestValue === policyValue.text;

const equalsIgnoreCase = (requestValue: string, policyValue: PolicyValue): boolean =>
  requestValue.toLowerCase() === policyValue.text.toLowerCase();

const like = (requestValue: string, policyValue: PolicyValue): boolean =>
  matchGlob(policyValue.glob, requestValue);

export const STRING_OPERATORS = defineOperators([
  { name: 'StringEquals', negated: false, acceptsPolicyVariables: true, matches: equals },
  { name: 'StringNotEquals', negated: true, acceptsPolicyVariables: true, matches: equals },
  {
    name: 'StringEqualsIgnoreCase',
    negated: false,
    acceptsPolicyVariables: true,
    matches: equalsIgnoreCase,
  },
  {
    name: 'StringNotEqualsIgnoreCase',
    negated: true,
    acceptsPolicyVariables: true,
    matches: equalsIgnoreCase,
  },
  { name: 'StringLike', negated: false, acceptsPolicyVariables: true, matches: like },
  { name: 'StringNotLike', negated: true, acceptsPolicyVariables: true, matches: like },
]);
