import { createHash } from 'node:crypto';

/**
 * Serialises a JSON value with the keys of every object sorted, so that two objects with
 * the same entries give the same text whatever order their keys were written in. Array
 * order is kept, because callers sort arrays whose order carries no meaning.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) {
      return nested;
    }

    const entries = Object.entries(nested).toSorted(([left], [right]) => compareText(left, right));
    return Object.fromEntries(entries);
  });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Orders strings by UTF-16 code unit, which unlike `localeCompare` is the same on every host. */
export function compareText(left: string, right: string): number {
  if (left < right) {
    return -1;
  }

  return left > right ? 1 : 0;
}

/** Returns the distinct values in code-unit order. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].toSorted(compareText);
}
