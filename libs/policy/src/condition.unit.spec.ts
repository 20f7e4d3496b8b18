import { describe, expect, it } from 'vitest';

import type { StatementCondition } from '../../contract/src/index.js';

import { normaliseStatementCondition } from './condition.js';

describe('normaliseStatementCondition', () => {
  it('sorts operators, keys and values', () => {
    const normalised = normaliseStatementCondition({
      StringLike: { 's3:prefix': ['logs/', 'home/', 'logs/'] },
      StringEquals: { 'aws:SourceVpc': 'vpc-1', 'aws:PrincipalAccount': '123456789012' },
    });

    expect(normalised).toEqual({
      StringEquals: { 'aws:PrincipalAccount': ['123456789012'], 'aws:SourceVpc': ['vpc-1'] },
      StringLike: { 's3:prefix': ['home/', 'logs/'] },
    });
    expect(Object.keys(normalised ?? {})).toEqual(['StringEquals', 'StringLike']);
    expect(Object.keys(normalised?.['StringEquals'] ?? {})).toEqual([
      'aws:PrincipalAccount',
      'aws:SourceVpc',
    ]);
  });

  it.each<{ name: string; condition: StatementCondition | undefined }>([
    { name: 'missing condition', condition: undefined },
    { name: 'empty condition', condition: {} },
    { name: 'operator without keys', condition: { StringEquals: {} } },
  ])('drops $name', ({ condition }) => {
    expect(normaliseStatementCondition(condition)).toBeUndefined();
  });

  it('keeps condition key spelling', () => {
    const normalised = normaliseStatementCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } });

    expect(normalised).toEqual({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } });
  });
});
