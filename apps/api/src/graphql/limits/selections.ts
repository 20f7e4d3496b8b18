import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** Root fields that read the schema itself instead of data. */
export const INTROSPECTION_ROOT_FIELDS: ReadonlySet<string> = new Set(['__schema', '__type']);

/**
 * Returns the fields of a selection set with fragment spreads and inline fragments replaced
 * by their fields. A fragment already being expanded is skipped, because NoFragmentCyclesRule
 * reports cycles and this must still end.
 */
export function flattenFields(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  expanding: Set<string> = new Set(),
): FieldNode[] {
  const fields: FieldNode[] = [];

  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      fields.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fields.push(...flattenFields(context, selection.selectionSet, expanding));
    } else {
      const fragment = unexpandedFragment(context, selection.name.value, expanding);
      if (fragment !== undefined) {
        expanding.add(fragment.name.value);
        fields.push(...flattenFields(context, fragment.selectionSet, expanding));
        expanding.delete(fragment.name.value);
      }
    }
  }

  return fields;
}

/** Returns the named fragment, or undefined when it is unknown or already being expanded. */
export function unexpandedFragment(
  context: ValidationContext,
  name: string,
  expanding: ReadonlySet<string>,
): FragmentDefinitionNode | undefined {
  if (expanding.has(name)) {
    return undefined;
  }

  return context.getFragment(name) ?? undefined;
}
