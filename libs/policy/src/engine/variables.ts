import type { RequestContext } from './policy.js';

/**
 * IAM policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, the escapes `${*}`,
 * `${?}` and `${$}`, and defaults such as `${aws:username, 'anonymous'}`. Rules follow the
 * IAM User Guide page "IAM policy elements: Variables and tags"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 * Only policies with `"Version": "2012-10-17"` have variables; callers check that first.
 */

/** A piece of a policy string: plain text, an escaped character, or a variable. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'escape'; char: '*' | '?' | '$' }
  | { kind: 'variable'; key: string; defaultValue?: string };

/** A template part after substitution. Text keeps its wildcards and substituted values are literal. */
export type ResolvedPart =
  | { kind: 'text'; text: string }
  | { kind: 'literal'; text: string }
  | { kind: 'unknown'; key: string };

export type TemplateResolution =
  | { kind: 'resolved'; parts: ResolvedPart[] }
  /** `missing` keys are absent from the context, `multiValued` keys have no single value. */
  | { kind: 'unresolved'; parts: ResolvedPart[]; missing: string[]; multiValued: string[] };

export type ContextLookup =
  { kind: 'absent' } | { kind: 'single'; value: string } | { kind: 'multiple'; values: string[] };

const ESCAPED_CHARACTERS = new Set(['*', '?', '$']);

/**
 * Replaces the policy variables in `text` with values from `context`.
 *
 * Returns `{ missing }` with the keys, as written in the policy, that have no default and no
 * single value in the context. That includes keys with several values, because IAM cannot
 * substitute a multivalued key. The text form loses the difference between a wildcard and
 * an escaped `${*}` or `${?}`, so wildcard matching must use `matchResource` or
 * `matchWildcardText` instead.
 */
export function substitutePolicyVariables(
  text: string,
  context: RequestContext = {},
): { text: string } | { missing: string[] } {
  const resolution = resolveTemplate(parsePolicyVariables(text), context);

  if (resolution.kind === 'unresolved') {
    return { missing: uniqueInOrder([...resolution.missing, ...resolution.multiValued]) };
  }

  return {
    text: resolution.parts.map((part) => (part.kind === 'unknown' ? '' : part.text)).join(''),
  };
}

/**
 * Splits a policy string into text, escapes and variables. A `${` that does not open a
 * well-formed variable stays plain text.
 *
 * NOTE: the AWS page does not say how IAM treats a malformed variable such as `${aws:username`
 * or `${}`. This parser keeps it as literal text, so it never matches a real resource name.
 */
export function parsePolicyVariables(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let buffer = '';
  let position = 0;

  while (position < text.length) {
    const variable = text.startsWith('${', position) ? readVariable(text, position) : undefined;
    if (variable === undefined) {
      buffer += text[position];
      position += 1;
      continue;
    }

    if (buffer !== '') {
      parts.push({ kind: 'text', text: buffer });
      buffer = '';
    }
    parts.push(variable.part);
    position = variable.end;
  }

  if (buffer !== '') {
    parts.push({ kind: 'text', text: buffer });
  }

  return parts;
}

/** Looks a key up in the context, case-insensitively as IAM compares condition key names. */
export function lookupContextKey(context: RequestContext, key: string): ContextLookup {
  const value = Object.hasOwn(context, key) ? context[key] : caseInsensitiveValue(context, key);

  // JSON contexts can carry null, which the type does not allow but an absent key means.
  if (value === undefined || value === null) {
    return { kind: 'absent' };
  }
  if (typeof value === 'string') {
    return { kind: 'single', value };
  }
  if (value.length === 1) {
    return { kind: 'single', value: value[0] as string };
  }
  if (value.length === 0) {
    return { kind: 'absent' };
  }

  return { kind: 'multiple', values: value };
}

/** Substitutes every variable of a parsed template. A default applies whenever the key has no single value. */
export function resolveTemplate(
  parts: TemplatePart[],
  context: RequestContext,
): TemplateResolution {
  const resolved: ResolvedPart[] = [];
  const missing: string[] = [];
  const multiValued: string[] = [];

  for (const part of parts) {
    if (part.kind === 'text') {
      resolved.push(part);
      continue;
    }
    if (part.kind === 'escape') {
      resolved.push({ kind: 'literal', text: part.char });
      continue;
    }

    const lookup = lookupContextKey(context, part.key);
    if (lookup.kind === 'single') {
      resolved.push({ kind: 'literal', text: lookup.value });
    } else if (part.defaultValue !== undefined) {
      resolved.push({ kind: 'literal', text: part.defaultValue });
    } else {
      (lookup.kind === 'absent' ? missing : multiValued).push(part.key);
      resolved.push({ kind: 'unknown', key: part.key });
    }
  }

  if (missing.length === 0 && multiValued.length === 0) {
    return { kind: 'resolved', parts: resolved };
  }

  return { kind: 'unresolved', parts: resolved, missing, multiValued };
}

/**
 * Reads the variable that starts at `start` (at `${`). Returns undefined when the text there
 * is not a well-formed variable.
 */
function readVariable(
  text: string,
  start: number,
): { part: TemplatePart; end: number } | undefined {
  const bodyStart = start + 2;
  const first = text[bodyStart];

  if (first !== undefined && ESCAPED_CHARACTERS.has(first) && text[bodyStart + 1] === '}') {
    return { part: { kind: 'escape', char: first as '*' | '?' | '$' }, end: bodyStart + 2 };
  }

  let position = bodyStart;
  while (position < text.length && text[position] !== '}' && text[position] !== ',') {
    position += 1;
  }

  const key = text.slice(bodyStart, position).trim();
  if (position >= text.length || !isVariableKey(key)) {
    return undefined;
  }
  if (text[position] === '}') {
    return { part: { kind: 'variable', key }, end: position + 1 };
  }

  const defaultValue = readQuotedDefault(text, position + 1);
  if (defaultValue === undefined) {
    return undefined;
  }

  return {
    part: { kind: 'variable', key, defaultValue: defaultValue.value },
    end: defaultValue.end,
  };
}

/**
 * Reads `'value'}` after the comma of `${key, 'value'}`. Spaces around the quoted value are
 * ignored, and `''` inside it stands for one quote.
 */
function readQuotedDefault(
  text: string,
  start: number,
): { value: string; end: number } | undefined {
  let position = skipSpaces(text, start);
  if (text[position] !== "'") {
    return undefined;
  }
  position += 1;

  let value = '';
  while (position < text.length) {
    const char = text[position];
    if (char !== "'") {
      value += char;
      position += 1;
      continue;
    }
    if (text[position + 1] === "'") {
      value += "'";
      position += 2;
      continue;
    }

    const closing = skipSpaces(text, position + 1);
    return text[closing] === '}' ? { value, end: closing + 1 } : undefined;
  }

  return undefined;
}

function skipSpaces(text: string, start: number): number {
  let position = start;
  while (text[position] === ' ') {
    position += 1;
  }
  return position;
}

/** Condition keys contain no braces, dollar signs or quotes, but tag keys may contain spaces. */
function isVariableKey(key: string): boolean {
  return key !== '' && !/[{}$']/.test(key);
}

function caseInsensitiveValue(context: RequestContext, key: string): RequestContext[string] {
  const lowerKey = key.toLowerCase();
  const match = Object.keys(context).find((candidate) => candidate.toLowerCase() === lowerKey);
  return match === undefined ? undefined : context[match];
}

function uniqueInOrder(values: string[]): string[] {
  return [...new Set(values)];
}
