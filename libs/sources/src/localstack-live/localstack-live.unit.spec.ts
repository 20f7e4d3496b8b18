import { describe, expect, it } from 'vitest';

import { backoffDelayMs, LineSplitter, LineTooLongError, RecentLines } from './index.js';

describe('LineSplitter', () => {
  it('joins lines split across chunks', () => {
    const splitter = new LineSplitter(1000);

    expect(splitter.push('{"a":')).toEqual([]);
    expect(splitter.push('1}\n\n{"b"')).toEqual(['{"a":1}', '']);
    expect(splitter.push(':2}\n')).toEqual(['{"b":2}']);
    expect(splitter.takeRest()).toBe('');
  });

  it('removes CRLF split between chunks', () => {
    const splitter = new LineSplitter(1000);

    expect(splitter.push('{"a":1}\r')).toEqual([]);
    expect(splitter.push('\n\r\n')).toEqual(['{"a":1}', '']);
  });

  it('returns the incomplete rest once', () => {
    const splitter = new LineSplitter(1000);
    splitter.push('{"a":1}\n{"b":');

    expect(splitter.takeRest()).toBe('{"b":');
    expect(splitter.takeRest()).toBe('');
  });

  it('rejects a line longer than the limit', () => {
    const splitter = new LineSplitter(8);

    expect(splitter.push('12345678\n')).toEqual(['12345678']);
    expect(() => splitter.push('123456789')).toThrow(LineTooLongError);
  });
});

describe('backoffDelayMs', () => {
  const options = { initialMs: 100, maxMs: 1000 };
  const upper = (attempt: number) => backoffDelayMs(attempt, options, () => 1);
  const lower = (attempt: number) => backoffDelayMs(attempt, options, () => 0);

  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 50, 5000].map(upper)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('keeps at least half the delay', () => {
    expect([1, 2, 3, 4, 5].map(lower)).toEqual([50, 100, 200, 400, 500]);
  });

  it('stays within bounds with real randomness', () => {
    for (let attempt = 1; attempt < 20; attempt++) {
      const delay = backoffDelayMs(attempt, options);

      expect(delay).toBeGreaterThanOrEqual(50);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

describe('RecentLines', () => {
  it('reports a line seen before', () => {
    const recent = new RecentLines(10);

    expect(recent.add('{"a":1}')).toBe(true);
    expect(recent.add('{"a":1}')).toBe(false);
    expect(recent.add(' {"a":1}\r')).toBe(false);
    expect(recent.add('{"a":2}')).toBe(true);
  });

  it('forgets the oldest line past its capacity', () => {
    const recent = new RecentLines(2);
    recent.add('one');
    recent.add('two');
    recent.add('three');

    expect(recent.add('three')).toBe(false);
    expect(recent.add('two')).toBe(false);
    expect(recent.add('one')).toBe(true);
  });
});
