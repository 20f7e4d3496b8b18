import {
  compileGlob,
  compileUnits,
  matchGlob,
  type CompiledGlob,
  type PatternUnit,
} from '../matching-wildcard.js';

import { defineOperators, type PolicyValue } from './operator.js';

const ARN_PART_COUNT = 6;

/**
 * Splits at the first five colons into the six ARN parts, so the resource part keeps every
 * later colon. Returns undefined when there are fewer than six parts.
 */
function splitAtColons<T>(items: readonly T[], isColon: (item: T) => boolean): T[][] | undefined {
  const parts: T[][] = [[]];
  for (const item of items) {
    if (isColon(item) && parts.length < ARN_PART_COUNT) {
      parts.push([]);
    } else {
      parts.at(-1)?.push(item);
    }
  }
  return parts.length === ARN_PART_COUNT ? parts : undefined;
}

/**
 * ArnEquals and ArnLike behave the same: each of the six colon-separated parts is matched
 * on its own, case-sensitively, with `*` and `?` wildcards, so a `*` in the region part
 * cannot swallow the account part.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
function matchArn(requestValue: string, policyValue: PolicyValue): boolean {
  const requestParts = splitAtColons(Array.from(requestValue), (char) => char === ':');
  const policyParts = arnPartGlobs(policyValue);
  if (requestParts === undefined || policyParts === undefined) {
    return false;
  }

  return policyParts.every((glob, index) => matchGlob(glob, (requestParts[index] ?? []).join('')));
}

function arnPartGlobs(policyValue: PolicyValue): CompiledGlob[] | undefined {
  if (policyValue.units === undefined) {
    const parts = splitAtColons(Array.from(policyValue.text), (char) => char === ':');
    return parts?.map((part) => compileGlob(part.join('')));
  }

  const parts = splitAtColons<PatternUnit>(policyValue.units, (unit) => unit === ':');
  return parts?.map((units) => compileUnits(units));
}

export const ARN_OPERATORS = defineOperators([
  { name: 'ArnEquals', negated: false, acceptsPolicyVariables: true, matches: matchArn },
  { name: 'ArnLike', negated: false, acceptsPolicyVariables: true, matches: matchArn },
  { name: 'ArnNotEquals', negated: true, acceptsPolicyVariables: true, matches: matchArn },
  { name: 'ArnNotLike', negated: true, acceptsPolicyVariables: true, matches: matchArn },
]);
