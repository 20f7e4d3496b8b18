// RFC 3339 date-time with a required zone, so a value never depends on the server's time
// zone. Seconds and fractions are optional.
const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export const DATE_TIME_EXAMPLE = '2026-12-04T19:52:47Z';

/**
 * Range PostgreSQL and Prisma convert without error once the offset is applied: years 1 to
 * 9999 in UTC. A value outside it is rejected as invalid instead of failing the query.
 */
const EARLIEST = new Date('0001-01-01T00:00:00Z').getTime();
const LATEST = new Date('9999-12-31T23:59:59.999Z').getTime();

/** Parses an RFC 3339 date-time with a zone, or returns undefined for anything else. */
export function parseDateTime(value: string): Date | undefined {
  const match = DATE_TIME_PATTERN.exec(value);
  if (match === null) {
    return undefined;
  }

  // Date rolls 2026-02-30 over to March 2 instead of rejecting it.
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) {
    return undefined;
  }

  const date = new Date(value);
  const time = date.getTime();
  return Number.isNaN(time) || time < EARLIEST || time > LATEST ? undefined : date;
}
