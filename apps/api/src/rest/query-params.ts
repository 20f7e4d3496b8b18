import { POLICY_TYPES } from '../../../../libs/contract/src/index.js';
import { InvalidArgumentError } from '../common/api-errors.js';
import { DATE_TIME_EXAMPLE, parseDateTime } from '../common/date-time.js';
import { MAX_PAGE_SIZE, MIN_PAGE_SIZE } from '../common/page.js';
import type { PolicyType } from '../principals/records.js';

// Express passes a repeated query parameter as an array, and every parser here rejects it.

export function parsePolicyTypeParam(value: unknown): PolicyType {
  if (value === undefined) {
    return 'identity';
  }

  const match = POLICY_TYPES.find((type) => type === value);
  if (match === undefined) {
    throw new InvalidArgumentError(
      'type',
      `type must be ${POLICY_TYPES.join(' or ')}, got ${JSON.stringify(value)}.`,
    );
  }

  return match;
}

/** Parses `first` as a decimal integer; the service checks its range. */
export function parseFirstParam(value: unknown): number | undefined {
  if (value === undefined) {
    return undefined;
  }

  if (typeof value !== 'string' || !/^-?[0-9]{1,9}$/.test(value)) {
    throw new InvalidArgumentError(
      'first',
      `first must be an integer from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE}, got ${JSON.stringify(value)}.`,
    );
  }

  return Number(value);
}

export function parseOptionalStringParam(name: string, value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }

  if (typeof value !== 'string') {
    throw new InvalidArgumentError(name, `${name} must be given at most once.`);
  }

  return value;
}

export function parseVersionParam(value: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) {
    throw new InvalidArgumentError(
      'n',
      `n must be a version number (an integer of 1 or more), got ${JSON.stringify(value)}.`,
    );
  }

  return Number(value);
}

export function parseAtParam(value: unknown): Date | undefined {
  if (value === undefined) {
    return undefined;
  }

  const date = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (date === undefined) {
    throw new InvalidArgumentError(
      'at',
      `at must be an RFC 3339 date-time with a zone such as ${DATE_TIME_EXAMPLE}, ` +
        `got ${JSON.stringify(value)}.`,
    );
  }

  return date;
}
