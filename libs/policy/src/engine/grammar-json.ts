import type { PolicyGrammarIssue } from './errors.js';

const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Appends an object key to a path, so `Statement[0]` and `Action` give `Statement[0].Action`.
 * A key that is not an identifier is quoted, as in `Condition.StringEquals["aws:username"]`.
 */
export function joinPath(path: string, key: string): string {
  if (!IDENTIFIER_PATTERN.test(key)) {
    return `${path}[${JSON.stringify(key)}]`;
  }
  return path === '' ? key : `${path}.${key}`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

type Frame =
  | { kind: 'object'; path: string; keys: Set<string>; awaitingKey: boolean; key: string }
  | { kind: 'array'; path: string; index: number };

/**
 * Lists every object key that repeats within one object of a JSON text, at the path of the
 * repeat. `JSON.parse` silently keeps the last value, but IAM rejects a policy whose
 * elements repeat a key. The text must already be valid JSON.
 *
 * The scan keeps its own stack instead of recursing, so deep nesting cannot overflow the
 * call stack.
 */
export function findDuplicateKeys(text: string): PolicyGrammarIssue[] {
  const issues: PolicyGrammarIssue[] = [];
  const stack: Frame[] = [];
  let position = 0;

  while (position < text.length) {
    const char = text[position] as string;
    const top = stack.at(-1);

    if (char === '"') {
      const end = stringEnd(text, position);
      if (top?.kind === 'object' && top.awaitingKey) {
        const key = JSON.parse(text.slice(position, end)) as string;
        if (top.keys.has(key)) {
          issues.push({
            path: joinPath(top.path, key),
            reason: 'is a duplicate key, which IAM rejects',
          });
        }
        top.keys.add(key);
        top.key = key;
        top.awaitingKey = false;
      }
      position = end;
    } else if (char === '{' || char === '[') {
      const path = valuePath(top);
      stack.push(
        char === '{'
          ? { kind: 'object', path, keys: new Set(), awaitingKey: true, key: '' }
          : { kind: 'array', path, index: 0 },
      );
      position += 1;
    } else if (char === '}' || char === ']') {
      stack.pop();
      position += 1;
    } else if (char === ',') {
      if (top?.kind === 'object') {
        top.awaitingKey = true;
      } else if (top?.kind === 'array') {
        top.index += 1;
      }
      position += 1;
    } else {
      // Whitespace, `:` and the characters of numbers, true, false and null.
      position += 1;
    }
  }

  return issues;
}

function valuePath(parent: Frame | undefined): string {
  if (parent === undefined) {
    return '';
  }
  return parent.kind === 'object'
    ? joinPath(parent.path, parent.key)
    : indexPath(parent.path, parent.index);
}

/** Returns the index just past the closing quote of the string that starts at `start`. */
function stringEnd(text: string, start: number): number {
  let position = start + 1;
  while (position < text.length && text[position] !== '"') {
    position += text[position] === '\\' ? 2 : 1;
  }
  return position + 1;
}
