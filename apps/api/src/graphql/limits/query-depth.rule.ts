import {
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

import { INTROSPECTION_ROOT_FIELDS, unexpandedFragment } from './selections.js';

/**
 * Rejects operations whose fields nest deeper than `maxDepth`. Fields under `__schema` and
 * `__type` are not counted, because the standard introspection query nests type references
 * 15 levels deep. graphql-js bounds introspection with MaxIntrospectionDepthRule instead (in
 * specifiedRules since graphql 16.9), and maxCostRule counts each introspection field.
 */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const measure = new DepthMeasure(context);

    return {
      OperationDefinition(operation) {
        const depth = measure.depth(operation.selectionSet);
        if (depth <= maxDepth) {
          return;
        }

        context.reportError(
          new GraphQLError(
            `Query depth ${depth} exceeds the maximum of ${maxDepth}. Select fewer nested fields.`,
            { nodes: operation },
          ),
        );
      },
    };
  };
}

/** Measures selection depth, leaving out introspection root fields. */
class DepthMeasure {
  // Depth of each fragment, so a fragment spread many times is measured once.
  private readonly fragmentDepths = new Map<string, number>();
  private readonly expanding = new Set<string>();

  constructor(private readonly context: ValidationContext) {}

  depth(selectionSet: SelectionSetNode | undefined): number {
    if (selectionSet === undefined) {
      return 0;
    }

    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!INTROSPECTION_ROOT_FIELDS.has(selection.name.value)) {
          deepest = Math.max(deepest, 1 + this.depth(selection.selectionSet));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, this.depth(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, this.fragmentDepth(selection.name.value));
      }
    }

    return deepest;
  }

  private fragmentDepth(name: string): number {
    const known = this.fragmentDepths.get(name);
    if (known !== undefined) {
      return known;
    }

    const fragment = unexpandedFragment(this.context, name, this.expanding);
    if (fragment === undefined) {
      return 0;
    }

    this.expanding.add(name);
    const depth = this.depth(fragment.selectionSet);
    this.expanding.delete(name);
    this.fragmentDepths.set(name, depth);

    return depth;
  }
}
