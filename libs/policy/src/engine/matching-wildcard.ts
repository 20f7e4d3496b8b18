import type { MatchResult, RequestContext } from './policy.js';
import {
  parsePolicyVariables,
  resolveTemplate,
  type ResolvedPart,
  type TemplatePart,
} from './variables.js';

/** `*`: any run of characters, possibly empty. */
export const ANY = Symbol('any');
/** `?`: exactly one character. */
export const ONE = Symbol('one');

/** A wildcard pattern as single characters (code points) and the two wildcards. */
export type PatternUnit = string | typeof ANY | typeof ONE;

/**
 * A wildcard pattern prepared for repeated matching. Patterns without `?` match by
 * searching their literal chunks with `indexOf`. Patterns with `?` walk code points,
 * because `?` stands for one character even outside the Basic Multilingual Plane.
 */
export type CompiledGlob =
  | { kind: 'exact'; text: string; ignoreCase: boolean }
  | { kind: 'chunks'; chunks: string[]; ignoreCase: boolean }
  | { kind: 'units'; units: PatternUnit[]; ignoreCase: boolean };

export interface TemplateMatchOptions {
  context: RequestContext;
  /** False for policies without `"Version": "2012-10-17"`, where `${...}` is literal text. */
  policyVariables: boolean;
  ignoreCase: boolean;
}

/** Compiled patterns kept per process. Policies repeat few patterns, so the cap is rarely hit. */
const MAX_CACHED_GLOBS = 50_000;
const globCache = new Map<string, CompiledGlob>();

/** Compiles text in which every `*` and `?` is a wildcard, reusing earlier compilations. */
export function compileGlob(text: string, ignoreCase = false): CompiledGlob {
  const cacheKey = `${ignoreCase ? 'i' : 's'}${text}`;
  const cached = globCache.get(cacheKey);
  if (cached !== undefined) {
    return cached;
  }

  if (globCache.size >= MAX_CACHED_GLOBS) {
    globCache.clear();
  }
  const compiled = compileUnits(wildcardUnits(text), ignoreCase);
  globCache.set(cacheKey, compiled);
  return compiled;
}

/** Compiles units that may mix wildcards with literal characters from substituted values. */
export function compileUnits(units: readonly PatternUnit[], ignoreCase = false): CompiledGlob {
  const lowered = ignoreCase ? units.map(lowerUnit) : [...units];

  if (lowered.includes(ONE)) {
    return { kind: 'units', units: lowered, ignoreCase };
  }
  if (!lowered.includes(ANY)) {
    return { kind: 'exact', text: lowered.join(''), ignoreCase };
  }

  const chunks: string[] = [''];
  for (const unit of lowered) {
    if (unit === ANY) {
      chunks.push('');
    } else {
      chunks[chunks.length - 1] += unit as string;
    }
  }
  return { kind: 'chunks', chunks, ignoreCase };
}

export function wildcardUnits(text: string): PatternUnit[] {
  return Array.from(text, wildcardUnit);
}

function wildcardUnit(char: string): PatternUnit {
  if (char === '*') {
    return ANY;
  }
  return char === '?' ? ONE : char;
}

/** Tests `value` against the whole compiled pattern. */
export function matchGlob(glob: CompiledGlob, value: string): boolean {
  const text = glob.ignoreCase ? value.toLowerCase() : value;

  switch (glob.kind) {
    case 'exact':
      return text === glob.text;
    case 'chunks':
      return matchChunks(glob.chunks, text);
    case 'units':
      return matchUnits(glob.units, Array.from(text));
  }
}

/**
 * Matches a pattern that may contain policy variables. A key with no single value in the
 * context and no default makes the result `conditional` when some value of the key could
 * match, and `no-match` otherwise. A key with several values gives `no-match`, because IAM
 * cannot substitute a multivalued key and the statement then does not apply.
 */
export function matchTemplate(
  pattern: string,
  value: string,
  options: TemplateMatchOptions,
): MatchResult {
  const { context, policyVariables, ignoreCase } = options;

  if (!policyVariables || !pattern.includes('${')) {
    return matchGlob(compileGlob(pattern, ignoreCase), value) ? 'match' : 'no-match';
  }

  const resolution = resolveTemplate(parseTemplateCached(pattern), context);
  const matches = matchGlob(compileResolved(resolution.parts, ignoreCase), value);

  if (resolution.kind === 'resolved') {
    return matches ? 'match' : 'no-match';
  }
  if (resolution.multiValued.length > 0 || !matches) {
    return 'no-match';
  }

  return 'conditional';
}

const templateCache = new Map<string, TemplatePart[]>();

function parseTemplateCached(pattern: string): TemplatePart[] {
  const cached = templateCache.get(pattern);
  if (cached !== undefined) {
    return cached;
  }

  if (templateCache.size >= MAX_CACHED_GLOBS) {
    templateCache.clear();
  }
  const parts = parsePolicyVariables(pattern);
  templateCache.set(pattern, parts);
  return parts;
}

/**
 * Compiles a template after substitution. Substituted values are literal, and an unknown
 * value can be any string, like `*`. Without `?` the chunks are built from strings
 * directly, which avoids splitting every part into code points.
 */
function compileResolved(parts: readonly ResolvedPart[], ignoreCase: boolean): CompiledGlob {
  if (parts.some((part) => part.kind === 'text' && part.text.includes('?'))) {
    return compileUnits(resolvedUnits(parts), ignoreCase);
  }

  const chunks: string[] = [''];
  for (const part of parts) {
    if (part.kind === 'unknown') {
      chunks.push('');
      continue;
    }

    const text = ignoreCase ? part.text.toLowerCase() : part.text;
    const pieces = part.kind === 'text' ? text.split('*') : [text];
    chunks[chunks.length - 1] += pieces[0] as string;
    chunks.push(...pieces.slice(1));
  }

  return chunks.length === 1
    ? { kind: 'exact', text: chunks[0] as string, ignoreCase }
    : { kind: 'chunks', chunks, ignoreCase };
}

/**
 * Matches chunks separated by `*`. The first is a prefix, the last a suffix, and the others
 * appear in order in between. Taking the leftmost place of each middle chunk is enough,
 * because a later place never leaves more room for the chunks after it.
 */
function matchChunks(chunks: readonly string[], text: string): boolean {
  const first = chunks[0] as string;
  const last = chunks[chunks.length - 1] as string;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) {
    return false;
  }

  let position = first.length;
  const end = text.length - last.length;
  for (let index = 1; index < chunks.length - 1; index += 1) {
    const chunk = chunks[index] as string;
    const found = text.indexOf(chunk, position);
    if (found === -1 || found + chunk.length > end) {
      return false;
    }
    position = found + chunk.length;
  }

  return true;
}

/**
 * Walks pattern units over code points. The scan backtracks only to the most recent `*`,
 * so its cost is at most pattern length times value length, whatever the input.
 */
function matchUnits(units: readonly PatternUnit[], chars: readonly string[]): boolean {
  let unitIndex = 0;
  let charIndex = 0;
  let starUnitIndex = -1;
  let starCharIndex = 0;

  while (charIndex < chars.length) {
    const unit = units[unitIndex];
    if (unit === ONE || (unit !== undefined && unit !== ANY && unit === chars[charIndex])) {
      unitIndex += 1;
      charIndex += 1;
    } else if (unit === ANY) {
      starUnitIndex = unitIndex;
      starCharIndex = charIndex;
      unitIndex += 1;
    } else if (starUnitIndex !== -1) {
      unitIndex = starUnitIndex + 1;
      starCharIndex += 1;
      charIndex = starCharIndex;
    } else {
      return false;
    }
  }

  while (units[unitIndex] === ANY) {
    unitIndex += 1;
  }

  return unitIndex === units.length;
}

/** Substituted values are literal, and an unknown value can be any string, like `*`. */
function resolvedUnits(parts: readonly ResolvedPart[]): PatternUnit[] {
  return parts.flatMap((part): PatternUnit[] => {
    if (part.kind === 'text') {
      return wildcardUnits(part.text);
    }
    if (part.kind === 'literal') {
      return Array.from(part.text);
    }
    return [ANY];
  });
}

function lowerUnit(unit: PatternUnit): PatternUnit {
  return typeof unit === 'string' ? unit.toLowerCase() : unit;
}
