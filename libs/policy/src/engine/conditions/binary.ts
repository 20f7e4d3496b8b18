import { defineOperators, type PolicyValue } from './operator.js';

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64 to a byte string, or undefined when the text is not base64. */
function decodeBase64(text: string): string | undefined {
  if (text.length % 4 !== 0 || !BASE64_PATTERN.test(text)) {
    return undefined;
  }

  try {
    return atob(text);
  } catch {
    return undefined;
  }
}

/**
 * Compares the request value byte for byte with the policy value. Both are base64 text.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
 */
function matchBinary(requestValue: string, { text: policyValue }: PolicyValue): boolean {
  const request = decodeBase64(requestValue);
  const policy = decodeBase64(policyValue);
  return request !== undefined && request === policy;
}

export const BINARY_OPERATORS = defineOperators([
  { name: 'BinaryEquals', negated: false, acceptsPolicyVariables: false, matches: matchBinary },
]);
