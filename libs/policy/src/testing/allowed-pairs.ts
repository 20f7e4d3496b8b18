import type { PolicyDocument } from '../document.js';
import { unescapeResourceLiteral } from '../engine/resource-literal.js';
import type { Permission } from '../permission.js';

/**
 * Expands a policy document back into the (action, resource, principal, condition) tuples
 * it allows, one per action and resource of each statement. Action and Resource may be a
 * string or an array, as IAM accepts both. Each resource is unescaped by
 * `unescapeResourceLiteral`, so a synthesised document gives back its observed resources.
 */
export function allowedPairs(document: PolicyDocument): Permission[] {
  const tuples: Permission[] = [];

  for (const statement of document.Statement) {
    const actions = toList(statement.Action);
    const resources = toList(statement.Resource).map(unescapeResourceLiteral);

    for (const action of actions) {
      for (const resource of resources) {
        tuples.push({
          action,
          resource,
          ...(statement.Principal === undefined ? {} : { principal: statement.Principal }),
          ...(statement.Condition === undefined ? {} : { condition: statement.Condition }),
        });
      }
    }
  }

  return tuples;
}

function toList(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}
