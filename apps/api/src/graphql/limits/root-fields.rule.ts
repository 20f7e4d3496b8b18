import { GraphQLError, type ValidationRule } from 'graphql';

import { flattenFields } from './selections.js';

/**
 * Rejects operations that select more than `maxRootFields` root fields, counting each alias
 * and the fields of fragments, but not `__typename`.
 */
export function maxRootFieldsRule(maxRootFields: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const rootFields = flattenFields(context, operation.selectionSet).filter(
        (field) => field.name.value !== '__typename',
      );
      if (rootFields.length <= maxRootFields) {
        return;
      }

      context.reportError(
        new GraphQLError(
          `The operation selects ${rootFields.length} root fields, more than the maximum of ` +
            `${maxRootFields}. Send the others in another request.`,
          { nodes: operation },
        ),
      );
    },
  });
}
