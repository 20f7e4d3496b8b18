import { describe, expect, it } from 'vitest';

import type { ConditionClause } from '../policy.js';

import { parseDateValue } from './date.js';
import { evaluateCondition } from './evaluate-condition.js';
import { parseIpRange } from './ip-address.js';
import { parseDecimal } from './numeric.js';

function clause(operator: string, key: string, values: string[]): ConditionClause {
  const [setPart, rest] = operator.includes(':') ? operator.split(':') : [undefined, operator];
  const body = rest ?? operator;
  const ifExists = body.endsWith('IfExists');
  return {
    operator,
    baseOperator: ifExists ? body.slice(0, -'IfExists'.length) : body,
    ifExists,
    key,
    values,
    ...(setPart === undefined ? {} : { setOperator: setPart as 'ForAllValues' | 'ForAnyValue' }),
  };
}

describe('parseDateValue', () => {
  it.each([
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T01:30:00+01:30', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00.250Z', Date.UTC(2026, 0, 1, 0, 0, 0, 250)],
    ['2026-01-01T10:00Z', Date.UTC(2026, 0, 1, 10)],
    ['2026-02', Date.UTC(2026, 1, 1)],
    ['2026-01-01', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00', Date.UTC(2026, 0, 1)],
    ['1767225600', Date.UTC(2026, 0, 1)],
  ])('reads %s', (text, expected) => {
    expect(parseDateValue(text)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-13-01', 'tomorrow', '', '2026-01-01T25:00:00Z'])(
    'rejects %s',
    (text) => {
      expect(parseDateValue(text)).toBeUndefined();
    },
  );
});

describe('parseIpRange', () => {
  it('reads an IPv4 CIDR range', () => {
    expect(parseIpRange('203.0.113.0/24')).toEqual({
      version: 4,
      value: 0xcb007100n,
      prefixLength: 24,
    });
  });

  it('reads a bare IPv4 address as /32', () => {
    expect(parseIpRange('203.0.113.7')?.prefixLength).toBe(32);
  });

  it('reads compressed IPv6 with an embedded IPv4 address', () => {
    expect(parseIpRange('::ffff:192.0.2.1')).toEqual({
      version: 6,
      value: 0xffffc0000201n,
      prefixLength: 128,
    });
  });

  it('reads IPv6 groups without case', () => {
    expect(parseIpRange('2001:DB8::/32')?.value).toBe(parseIpRange('2001:db8::')?.value);
  });

  it.each([
    '256.0.0.1',
    '1.2.3',
    '10.0.0.0/33',
    '2001:db8::1::2',
    '1:2:3:4:5:6:7:8:9',
    'fe80::1%eth0',
    '10.0.0.0/',
  ])('rejects %s', (text) => {
    expect(parseIpRange(text)).toBeUndefined();
  });
});

describe('parseDecimal', () => {
  it.each([
    ['10', 10],
    ['-2.5', -2.5],
    ['.5', 0.5],
    ['+3', 3],
  ])('reads %s', (text, expected) => {
    expect(parseDecimal(text)).toBe(expected);
  });

  it.each(['', ' 1', '0x10', '1e3', 'ten'])('rejects %s', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });
});

describe('evaluateCondition', () => {
  it('names an unsupported operator', () => {
    const outcome = evaluateCondition(clause('StringStartsWith', 'aws:username', ['a']), {
      'aws:username': 'alice',
    });

    expect(outcome.result).toBe('conditional');
    expect(outcome.reason).toContain('StringStartsWith');
  });

  it('names the missing key', () => {
    const outcome = evaluateCondition(clause('StringEquals', 'aws:username', ['alice']), {});

    expect(outcome.result).toBe('conditional');
    expect(outcome.reason).toContain('aws:username');
  });

  it('treats a missing key as absent with complete context', () => {
    const outcome = evaluateCondition(
      clause('StringEquals', 'aws:username', ['alice']),
      {},
      { contextComplete: true },
    );

    expect(outcome.result).toBe('no-match');
  });

  it('keeps an escaped question mark literal in StringLike', () => {
    const like = clause('StringLike', 's3:prefix', ['a${?}c']);

    expect(evaluateCondition(like, { 's3:prefix': 'a?c' }).result).toBe('match');
    expect(evaluateCondition(like, { 's3:prefix': 'abc' }).result).toBe('no-match');
  });

  it('reads policy variables literally when the policy version has none', () => {
    const equals = clause('StringEquals', 'aws:PrincipalTag/team', ['${aws:username}']);
    const context = { 'aws:PrincipalTag/team': '${aws:username}', 'aws:username': 'alice' };

    expect(evaluateCondition(equals, context, { policyVariables: false }).result).toBe('match');
    expect(evaluateCondition(equals, context).result).toBe('no-match');
  });

  it('matches ArnLike parts that come from a policy variable', () => {
    const arnLike = clause('ArnLike', 'aws:SourceArn', ['${aws:PrincipalArn}']);
    const arn = 'arn:aws:iam::111122223333:role/app';

    expect(
      evaluateCondition(arnLike, { 'aws:SourceArn': arn, 'aws:PrincipalArn': arn }).result,
    ).toBe('match');
  });

  it('decides an unknown variable only where it cannot matter', () => {
    const equals = clause('StringEquals', 'aws:PrincipalTag/team', ['blue', '${aws:username}']);

    expect(evaluateCondition(equals, { 'aws:PrincipalTag/team': 'blue' }).result).toBe('match');
    expect(evaluateCondition(equals, { 'aws:PrincipalTag/team': 'red' }).result).toBe(
      'conditional',
    );
  });
});
