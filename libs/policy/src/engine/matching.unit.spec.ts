import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { matchAction, matchPrincipal, matchResource, matchWildcardText } from './matching.js';
import type { MatchResult, PrincipalElement, RequestContext } from './policy.js';

function readCases<Case>(name: string): Case[] {
  const url = new URL(`../../test-cases/matching/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Case[];
}

interface ActionCase {
  name: string;
  pattern: string;
  action: string;
  matches: boolean;
}

interface ResourceCase {
  name: string;
  pattern: string;
  resource: string;
  context?: RequestContext;
  policyVariables?: boolean;
  expected: MatchResult;
}

interface WildcardTextCase {
  name: string;
  pattern: string;
  value: string;
  context?: RequestContext;
  ignoreCase?: boolean;
  policyVariables?: boolean;
  expected: MatchResult;
}

interface PrincipalCase {
  name: string;
  element: PrincipalElement;
  principal: string;
  matches: boolean;
}

describe('matchAction', () => {
  it.each(readCases<ActionCase>('actions.json'))('$name', ({ pattern, action, matches }) => {
    expect(matchAction(pattern, action)).toBe(matches);
  });
});

describe('matchResource', () => {
  it.each(readCases<ResourceCase>('resources.json'))(
    '$name',
    ({ pattern, resource, context, policyVariables, expected }) => {
      const options = policyVariables === undefined ? {} : { policyVariables };

      expect(matchResource(pattern, resource, context, options)).toBe(expected);
    },
  );

  it('stays fast on a long wildcard pattern', () => {
    const pattern = `arn:aws:s3:::b/${'*a'.repeat(40)}b`;
    const resource = `arn:aws:s3:::b/${'a'.repeat(5_000)}`;

    const started = performance.now();
    expect(matchResource(pattern, resource)).toBe('no-match');
    // The scan is at most pattern length times resource length, about 400,000 steps here.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('matchWildcardText', () => {
  it.each(readCases<WildcardTextCase>('wildcard-text.json'))(
    '$name',
    ({ pattern, value, context, ignoreCase, policyVariables, expected }) => {
      const options = {
        ...(context === undefined ? {} : { context }),
        ...(ignoreCase === undefined ? {} : { ignoreCase }),
        ...(policyVariables === undefined ? {} : { policyVariables }),
      };

      expect(matchWildcardText(pattern, value, options)).toBe(expected);
    },
  );
});

describe('matchPrincipal', () => {
  it.each(readCases<PrincipalCase>('principals.json'))(
    '$name',
    ({ element, principal, matches }) => {
      expect(matchPrincipal(element, principal)).toBe(matches);
    },
  );
});
