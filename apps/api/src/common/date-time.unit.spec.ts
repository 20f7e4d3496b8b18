import { describe, expect, it } from 'vitest';

import { parseDateTime } from './date-time.js';

describe('parseDateTime', () => {
  it.each([
    ['2026-12-04T19:52:47Z', '2026-12-04T19:52:47.000Z'],
    ['2026-12-04T19:52:47.123Z', '2026-12-04T19:52:47.123Z'],
    ['2026-12-04T19:52Z', '2026-12-04T19:52:00.000Z'],
    ['2026-12-04T20:52:47+01:00', '2026-12-04T19:52:47.000Z'],
    ['2026-12-04t19:52:47z', '2026-12-04T19:52:47.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('parses %s', (input, expected) => {
    expect(parseDateTime(input)?.toISOString()).toBe(expected);
  });

  it.each([
    ['date only', '2026-12-04'],
    ['no zone', '2026-12-04T19:52:47'],
    ['February 30', '2026-02-30T00:00:00Z'],
    ['February 29 of a common year', '2026-02-29T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 25', '2026-12-04T25:00:00Z'],
    ['words', 'yesterday'],
    ['epoch number', '1796414456619'],
    ['year 0', '0000-01-01T00:00:00Z'],
    ['year 10000 in UTC', '9999-12-31T23:59:59-14:00'],
  ])('rejects %s', (_name, input) => {
    expect(parseDateTime(input)).toBeUndefined();
  });
});
