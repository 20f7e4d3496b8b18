/**
 * Set operations on IAM `Resource` patterns, where `*` matches any run of characters (also
 * none) and `?` matches exactly one. Matching is case-sensitive, as IAM compares ARNs.
 *
 * A pattern is read as a small automaton over its characters. Inclusion is decided by
 * exploring the product of two automata over the characters that occur in either pattern
 * plus one character that occurs in neither, which represents all others. Intersection
 * needs only the product of the two token lists.
 *
 * Two patterns that are both full ARNs (six colon-separated parts, as `matchResource` splits
 * them) are compared part by part, because IAM never lets a wildcard in the partition,
 * service, region or account span a colon. Other pairs, such as `*` against an ARN or the
 * truncated `arn:aws:s3:*`, are compared as whole strings.
 *
 * Policy variables such as `${aws:username}` have no value here, so each counts as `*`
 * (any value) where that keeps a result sound. The escapes `${*}`, `${?}` and `${$}` are
 * the literal characters `*`, `?` and `$`.
 */

type Token = { kind: 'char'; char: string } | { kind: 'any' } | { kind: 'one' };

interface ParsedPattern {
  tokens: Token[];
  hasVariables: boolean;
}

/** Represents every character that appears in neither pattern. */
const OTHER_CHARACTER = null;

type Symbol = string | typeof OTHER_CHARACTER;

/**
 * Upper bound on product states explored by `resourcePatternCovers`. Resource ARNs stay far
 * below it, and past it the function returns `false`, the safe result for its callers.
 */
const MAX_PRODUCT_STATES = 20_000;

/** Parts of a full ARN: `arn`, partition, service, region, account and resource. */
const ARN_PART_COUNT = 6;

const ESCAPED_CHARACTERS: Record<string, string> = { '*': '*', '?': '?', $: '$' };

const CACHE_LIMIT = 50_000;
const parseCache = new Map<string, ParsedPattern>();
const coversCache = new Map<string, Map<string, boolean>>();
const intersectCache = new Map<string, Map<string, boolean>>();

/** Returns true when the pattern matches only its own text: no `*`, `?` or policy variable. */
export function isLiteralPattern(pattern: string): boolean {
  const { tokens, hasVariables } = parsePattern(pattern);
  return !hasVariables && tokens.every((token) => token.kind === 'char');
}

/**
 * Returns true when every value that `inner` matches is also matched by `outer`.
 *
 * A policy variable in `inner` counts as any value, so `true` is right whatever it resolves to.
 * An `outer` with a policy variable covers only the identical text. `false` means "not
 * shown to cover", which includes product automata larger than MAX_PRODUCT_STATES.
 */
export function resourcePatternCovers(outer: string, inner: string): boolean {
  return memoised(coversCache, outer, inner, () => compareByParts(outer, inner, textCovers));
}

/**
 * Returns false only when no value matches both patterns. Policy variables count as any
 * value, so a pattern with a variable intersects wherever some value of it would.
 */
export function resourcePatternsIntersect(left: string, right: string): boolean {
  return memoised(intersectCache, left, right, () => compareByParts(left, right, textsIntersect));
}

/**
 * Caches results by pattern pair, because an expansion repeats the same comparison for
 * many actions. A cache level is emptied when it reaches CACHE_LIMIT entries, so memory stays
 * bounded.
 */
function memoised(
  cache: Map<string, Map<string, boolean>>,
  left: string,
  right: string,
  compute: () => boolean,
): boolean {
  let resultsByRight = cache.get(left);
  const cached = resultsByRight?.get(right);
  if (cached !== undefined) {
    return cached;
  }

  const result = compute();
  if (resultsByRight === undefined) {
    if (cache.size >= CACHE_LIMIT) {
      cache.clear();
    }
    resultsByRight = new Map();
    cache.set(left, resultsByRight);
  }
  if (resultsByRight.size >= CACHE_LIMIT) {
    resultsByRight.clear();
  }
  resultsByRight.set(right, result);

  return result;
}

function compareByParts(
  left: string,
  right: string,
  compare: (left: string, right: string) => boolean,
): boolean {
  const leftParts = splitArnParts(left);
  const rightParts = splitArnParts(right);

  if (leftParts === undefined || rightParts === undefined) {
    return compare(left, right);
  }

  return leftParts.every((part, index) => compare(part, rightParts[index]!));
}

/** Splits a full ARN pattern into its six parts, the last keeping later colons. */
function splitArnParts(pattern: string): string[] | undefined {
  const parts = pattern.split(':');
  if (parts[0] !== 'arn' || parts.length < ARN_PART_COUNT) {
    return undefined;
  }

  return [...parts.slice(0, ARN_PART_COUNT - 1), parts.slice(ARN_PART_COUNT - 1).join(':')];
}

function textCovers(outer: string, inner: string): boolean {
  if (outer === inner) {
    return true;
  }

  const outerPattern = parsePattern(outer);
  if (outerPattern.hasVariables) {
    return false;
  }

  const innerTokens = parsePattern(inner).tokens;
  if (isLiteralPattern(inner)) {
    const characters = innerTokens.map((token) => (token.kind === 'char' ? token.char : ''));
    return acceptsCharacters(outerPattern.tokens, characters);
  }

  return coversByProduct(outerPattern.tokens, innerTokens);
}

/**
 * Searches the product of the two token lists. From positions (i, j), a `*` may match
 * nothing (move past it) or absorb the other side's next single-character token, and two
 * single-character tokens advance together when some character matches both.
 */
function textsIntersect(left: string, right: string): boolean {
  if (left === right) {
    return true;
  }

  const leftTokens = parsePattern(left).tokens;
  const rightTokens = parsePattern(right).tokens;
  const width = rightTokens.length + 1;
  const seen = new Set<number>([0]);
  const pending = [0];

  const visit = (leftIndex: number, rightIndex: number) => {
    const state = leftIndex * width + rightIndex;
    if (!seen.has(state)) {
      seen.add(state);
      pending.push(state);
    }
  };

  while (pending.length > 0) {
    const state = pending.pop()!;
    const leftIndex = Math.floor(state / width);
    const rightIndex = state % width;
    const leftToken = leftTokens[leftIndex];
    const rightToken = rightTokens[rightIndex];

    if (leftToken === undefined && rightToken === undefined) {
      return true;
    }

    if (leftToken?.kind === 'any') {
      visit(leftIndex + 1, rightIndex);
      if (rightToken !== undefined && rightToken.kind !== 'any') {
        visit(leftIndex, rightIndex + 1);
      }
    }

    if (rightToken?.kind === 'any') {
      visit(leftIndex, rightIndex + 1);
      if (leftToken !== undefined && leftToken.kind !== 'any') {
        visit(leftIndex + 1, rightIndex);
      }
    }

    if (
      leftToken !== undefined &&
      rightToken !== undefined &&
      leftToken.kind !== 'any' &&
      rightToken.kind !== 'any' &&
      (leftToken.kind === 'one' || rightToken.kind === 'one' || leftToken.char === rightToken.char)
    ) {
      visit(leftIndex + 1, rightIndex + 1);
    }
  }

  return false;
}

function acceptsCharacters(tokens: Token[], characters: string[]): boolean {
  let positions = closure(tokens, [0]);

  for (const character of characters) {
    positions = step(tokens, positions, character);
    if (positions.length === 0) {
      return false;
    }
  }

  return positions.includes(tokens.length);
}

function coversByProduct(outer: Token[], inner: Token[]): boolean {
  if (outer.every((token) => token.kind === 'any')) {
    return true;
  }

  const alphabet = alphabetOf(outer, inner);
  const start: [number[], number[]] = [closure(inner, [0]), closure(outer, [0])];
  const queue = [start];
  const seen = new Set<string>([stateKey(start)]);

  // A reachable state where `inner` accepts and `outer` does not is a counterexample.
  for (let next = 0; next < queue.length; next += 1) {
    const [innerPositions, outerPositions] = queue[next]!;
    if (innerPositions.includes(inner.length) && !outerPositions.includes(outer.length)) {
      return false;
    }

    for (const symbol of alphabet) {
      const nextInner = step(inner, innerPositions, symbol);
      if (nextInner.length === 0) {
        continue;
      }

      const successor: [number[], number[]] = [nextInner, step(outer, outerPositions, symbol)];
      const key = stateKey(successor);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(successor);
      }
    }

    if (seen.size > MAX_PRODUCT_STATES) {
      return false;
    }
  }

  return true;
}

function stateKey([left, right]: [number[], number[]]): string {
  return `${left.join(',')}|${right.join(',')}`;
}

function alphabetOf(left: Token[], right: Token[]): Symbol[] {
  const characters = new Set<string>();
  for (const token of [...left, ...right]) {
    if (token.kind === 'char') {
      characters.add(token.char);
    }
  }

  return [...characters, OTHER_CHARACTER];
}

/** Adds the positions reachable without reading a character, which is past every `*`. */
function closure(tokens: Token[], positions: number[]): number[] {
  const reached = new Set(positions);
  const pending = [...positions];

  while (pending.length > 0) {
    const position = pending.pop()!;
    if (tokens[position]?.kind === 'any' && !reached.has(position + 1)) {
      reached.add(position + 1);
      pending.push(position + 1);
    }
  }

  return [...reached].toSorted((left, right) => left - right);
}

function step(tokens: Token[], positions: number[], symbol: Symbol): number[] {
  const next: number[] = [];

  for (const position of positions) {
    const token = tokens[position];
    if (token === undefined) {
      continue;
    }

    if (token.kind === 'any') {
      next.push(position);
    } else if (token.kind === 'one' || token.char === symbol) {
      next.push(position + 1);
    }
  }

  return closure(tokens, next);
}

function parsePattern(pattern: string): ParsedPattern {
  const cached = parseCache.get(pattern);
  if (cached !== undefined) {
    return cached;
  }

  const tokens: Token[] = [];
  let hasVariables = false;
  let index = 0;

  while (index < pattern.length) {
    const character = pattern[index]!;
    const variableEnd = pattern.startsWith('${', index) ? pattern.indexOf('}', index + 2) : -1;

    if (variableEnd !== -1) {
      const name = pattern.slice(index + 2, variableEnd);
      const escaped = ESCAPED_CHARACTERS[name];
      if (escaped === undefined) {
        hasVariables = true;
        tokens.push({ kind: 'any' });
      } else {
        tokens.push({ kind: 'char', char: escaped });
      }
      index = variableEnd + 1;
      continue;
    }

    if (character === '*') {
      tokens.push({ kind: 'any' });
    } else if (character === '?') {
      tokens.push({ kind: 'one' });
    } else {
      tokens.push({ kind: 'char', char: character });
    }
    index += 1;
  }

  const parsed = { tokens, hasVariables };
  if (parseCache.size >= CACHE_LIMIT) {
    parseCache.clear();
  }
  parseCache.set(pattern, parsed);

  return parsed;
}
