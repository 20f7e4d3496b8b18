import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

import { DATE_TIME_EXAMPLE, parseDateTime } from '../../common/date-time.js';

function parseDateTimeInput(value: unknown): Date {
  const date = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (date === undefined) {
    throw new GraphQLError(
      `DateTime must be an RFC 3339 date-time with a zone such as ${DATE_TIME_EXAMPLE}, ` +
        `got ${JSON.stringify(value)}.`,
    );
  }

  return date;
}

/** An RFC 3339 date-time. Output is always UTC with milliseconds. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: `An RFC 3339 date-time with a zone, such as ${DATE_TIME_EXAMPLE}. Output is in UTC.`,
  serialize: (value: unknown) => {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      throw new GraphQLError(`DateTime cannot serialize ${String(value)}.`);
    }

    return value.toISOString();
  },
  parseValue: parseDateTimeInput,
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) {
      throw new GraphQLError(
        `DateTime must be a string such as "${DATE_TIME_EXAMPLE}", got a ${node.kind} literal.`,
      );
    }

    return parseDateTimeInput(node.value);
  },
});
