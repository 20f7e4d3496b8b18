import type { StatementCondition } from '../../contract/src/index.js';

import { compareText, sortedUnique } from './canonical.js';

/** A `Condition` element with sorted operators and keys and each value list as a sorted array. */
export type NormalisedStatementCondition = Record<string, Record<string, string[]>>;

/**
 * Rewrites a `Condition` element into one spelling per meaning: operators and condition
 * keys sorted, and each value list sorted without duplicates (IAM matches any one of the
 * values, so order and repeats carry no meaning). Operators without keys are dropped, and
 * a condition with nothing left becomes undefined, which is the same as no condition.
 *
 * NOTE: IAM compares condition key names case-insensitively, but this keeps their spelling,
 * so `aws:SourceIp` and `aws:sourceip` become separate permissions with the same effect.
 */
export function normaliseStatementCondition(
  condition: StatementCondition | undefined,
): NormalisedStatementCondition | undefined {
  if (condition === undefined) {
    return undefined;
  }

  const normalised: NormalisedStatementCondition = {};
  for (const operator of Object.keys(condition).toSorted(compareText)) {
    const block = condition[operator] ?? {};
    const keys = Object.keys(block).toSorted(compareText);
    if (keys.length === 0) {
      continue;
    }

    const normalisedBlock: Record<string, string[]> = {};
    for (const key of keys) {
      const value = block[key] ?? [];
      normalisedBlock[key] = sortedUnique(typeof value === 'string' ? [value] : value);
    }
    normalised[operator] = normalisedBlock;
  }

  return Object.keys(normalised).length === 0 ? undefined : normalised;
}
