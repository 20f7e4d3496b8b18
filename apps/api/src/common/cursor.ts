import { InvalidArgumentError } from './api-errors.js';
import { textArgumentProblem } from './text-argument.js';

// A cursor is base64url of `<kind>:<value>`. The kind prefix makes a principal cursor
// fail clearly when it is passed to a version connection, and the reverse.
const VERSION_KIND = 'version';
const PRINCIPAL_KIND = 'principal';

const MAX_VERSION = 2_147_483_647;

function encodeCursor(kind: string, value: string): string {
  return Buffer.from(`${kind}:${value}`, 'utf8').toString('base64url');
}

function decodeCursor(kind: string, cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(cursor)) {
    return undefined;
  }

  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!decoded.startsWith(prefix)) {
    return undefined;
  }

  return decoded.slice(prefix.length);
}

function invalidCursor(argument: string, cursor: string): InvalidArgumentError {
  return new InvalidArgumentError(
    argument,
    `${argument} is not a valid cursor: ${JSON.stringify(cursor)}. ` +
      'Pass the cursor or endCursor value from a previous page of the same list.',
  );
}

export function encodeVersionCursor(version: number): string {
  return encodeCursor(VERSION_KIND, String(version));
}

/** Decodes a version cursor, throwing InvalidArgumentError for anything not made by encodeVersionCursor. */
export function decodeVersionCursor(cursor: string, argument = 'after'): number {
  const value = decodeCursor(VERSION_KIND, cursor);
  if (value === undefined || !/^[1-9][0-9]*$/.test(value) || Number(value) > MAX_VERSION) {
    throw invalidCursor(argument, cursor);
  }

  return Number(value);
}

export function encodePrincipalCursor(arn: string): string {
  return encodeCursor(PRINCIPAL_KIND, arn);
}

/** Decodes a principal cursor, throwing InvalidArgumentError for anything not made by encodePrincipalCursor. */
export function decodePrincipalCursor(cursor: string, argument = 'after'): string {
  const value = decodeCursor(PRINCIPAL_KIND, cursor);
  if (value === undefined || value.length === 0 || textArgumentProblem(value) !== undefined) {
    throw invalidCursor(argument, cursor);
  }

  return value;
}
