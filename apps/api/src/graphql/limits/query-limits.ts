import type { ValidationRule } from 'graphql';

import { maxCostRule } from './query-cost.rule.js';
import { maxDepthRule } from './query-depth.rule.js';
import { maxRootFieldsRule } from './root-fields.rule.js';

/** Limits that a GraphQL operation must meet before it runs. */
export interface QueryLimits {
  /** Maximum field nesting depth, not counting fields under `__schema` and `__type`. */
  maxDepth: number;
  /** Maximum number of root field selections, each alias counted. */
  maxRootFields: number;
  /** Maximum estimated cost, counted as maxCostRule describes. */
  maxCost: number;
}

// The deepest query the schema allows today is 8 levels:
// principals > edges > node > versions > edges > node > added > action.
// A maxCost of 2500 admits one page of 100 versions with every field selected (cost about
// 2110) or two pages of 100 documents alone (2404), and rejects three such pages (3606).
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxRootFields: 10,
  maxCost: 2500,
};

/** Reads GRAPHQL_MAX_COST (a positive integer) over the defaults. */
export function queryLimitsFromEnvironment(
  environment: Record<string, string | undefined> = process.env,
): QueryLimits {
  const text = environment.GRAPHQL_MAX_COST;
  if (text === undefined || text === '') {
    return DEFAULT_QUERY_LIMITS;
  }

  const maxCost = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(maxCost) || maxCost < 1) {
    throw new Error(`GRAPHQL_MAX_COST is "${text}" but must be a positive integer`);
  }

  return { ...DEFAULT_QUERY_LIMITS, maxCost };
}

export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule(limits.maxDepth),
    maxRootFieldsRule(limits.maxRootFields),
    maxCostRule(limits.maxCost),
  ];
}
