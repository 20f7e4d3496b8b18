import { defineOperators, type PolicyValue } from './operator.js';

const EPOCH_SECONDS_PATTERN = /^\d+$/;

// The W3C profile of ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, then optionally Thh:mm, :ss and
// fractions of a second, and a zone (Z or ±hh:mm).
const W3C_DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/i;

/**
 * Parses a date condition value into milliseconds since 1970-01-01T00:00:00Z. IAM accepts
 * the W3C profile of ISO 8601 and epoch (UNIX) time in seconds.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
 *
 * NOTE: a value of digits only is read as epoch seconds, so `2026` is 33 minutes after the
 * epoch, not the year 2026. A date-time without a zone is read as UTC.
 */
export function parseDateValue(text: string): number | undefined {
  if (EPOCH_SECONDS_PATTERN.test(text)) {
    return Number(text) * 1000;
  }

  const match = W3C_DATE_PATTERN.exec(text);
  if (match === null) {
    return undefined;
  }

  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const milliseconds = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const local = Date.UTC(
    Number(year),
    Number(month ?? '1') - 1,
    Number(day ?? '1'),
    Number(hour ?? '0'),
    Number(minute ?? '0'),
    Number(second ?? '0'),
    milliseconds,
  );
  if (!isValidCalendarDate(local, Number(year), Number(month ?? '1'), Number(day ?? '1'))) {
    return undefined;
  }

  return local - zoneOffsetMilliseconds(zone);
}

/** Rejects dates such as 2026-02-30 that `Date.UTC` silently rolls over into the next month. */
function isValidCalendarDate(time: number, year: number, month: number, day: number): boolean {
  const date = new Date(time);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function zoneOffsetMilliseconds(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') {
    return 0;
  }

  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours, minutes] = zone.slice(1).split(':').map(Number) as [number, number];
  return sign * (hours * 60 + minutes) * 60_000;
}

/** Builds a comparison that fails when either side is not a date, so it never matches. */
function compareDates(test: (request: number, policy: number) => boolean) {
  return (requestValue: string, { text: policyValue }: PolicyValue): boolean => {
    const request = parseDateValue(requestValue);
    const policy = parseDateValue(policyValue);
    return request !== undefined && policy !== undefined && test(request, policy);
  };
}

export const DATE_OPERATORS = defineOperators([
  {
    name: 'DateEquals',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareDates((request, policy) => request === policy),
  },
  {
    name: 'DateNotEquals',
    negated: true,
    acceptsPolicyVariables: false,
    matches: compareDates((request, policy) => request === policy),
  },
  {
    name: 'DateLessThan',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareDates((request, policy) => request < policy),
  },
  {
    name: 'DateLessThanEquals',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareDates((request, policy) => request <= policy),
  },
  {
    name: 'DateGreaterThan',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareDates((request, policy) => request > policy),
  },
  {
    name: 'DateGreaterThanEquals',
    negated: false,
    acceptsPolicyVariables: false,
    matches: compareDates((request, policy) => request >= policy),
  },
]);
