import type { GraphQLFormattedError } from 'graphql';

/**
 * Replaces the message of unexpected errors with a generic one, as Nest does for REST 500s.
 * The full error is already logged by Nest's exception handler.
 */
export function hideInternalErrorMessage(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') {
    return formatted;
  }

  return { ...formatted, message: 'Internal server error' };
}
