import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { RequestContext } from './policy.js';
import { lookupContextKey, parsePolicyVariables, substitutePolicyVariables } from './variables.js';

interface SubstitutionCase {
  name: string;
  text: string;
  context: RequestContext;
  expected: { text: string } | { missing: string[] };
}

const cases = JSON.parse(
  readFileSync(new URL('../../test-cases/matching/variables.json', import.meta.url), 'utf8'),
) as SubstitutionCase[];

describe('substitutePolicyVariables', () => {
  it.each(cases)('$name', ({ text, context, expected }) => {
    expect(substitutePolicyVariables(text, context)).toEqual(expected);
  });

  it('uses an empty context by default', () => {
    expect(substitutePolicyVariables('${aws:username}')).toEqual({ missing: ['aws:username'] });
  });
});

describe('parsePolicyVariables', () => {
  it('splits text, escapes and variables', () => {
    expect(parsePolicyVariables("a/${aws:username}/${*}/${aws:userid, 'x'}")).toEqual([
      { kind: 'text', text: 'a/' },
      { kind: 'variable', key: 'aws:username' },
      { kind: 'text', text: '/' },
      { kind: 'escape', char: '*' },
      { kind: 'text', text: '/' },
      { kind: 'variable', key: 'aws:userid', defaultValue: 'x' },
    ]);
  });
});

describe('lookupContextKey', () => {
  it('reports several values', () => {
    expect(lookupContextKey({ 'aws:TagKeys': ['a', 'b'] }, 'AWS:TAGKEYS')).toEqual({
      kind: 'multiple',
      values: ['a', 'b'],
    });
  });

  it('reports an absent key', () => {
    expect(lookupContextKey({}, 'aws:username')).toEqual({ kind: 'absent' });
  });
});
