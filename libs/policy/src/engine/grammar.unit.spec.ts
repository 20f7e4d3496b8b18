import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { isEngineError, isPolicyGrammarError, PolicyGrammarError } from './errors.js';
import { parsePolicy, supportsPolicyVariables, validatePolicy } from './grammar.js';
import type { Policy } from './policy.js';

interface GrammarCase {
  name: string;
  /** A policy object, or absent when the case gives `text`. */
  document?: unknown;
  /** JSON text, for cases that need text such as duplicate keys. */
  text?: string;
}

interface ValidCase extends GrammarCase {
  expected?: Policy;
  /** Base operators of the clauses, in order, when the whole policy is too long to spell out. */
  expectedOperators?: string[];
}

interface InvalidCase extends GrammarCase {
  /** Every error, in order: the exact path and a fragment of the reason. */
  errors: { path: string; reason: string }[];
}

function readCases<Case>(name: string): Case[] {
  const url = new URL(`../../test-cases/grammar/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Case[];
}

function input(testCase: GrammarCase): unknown {
  return testCase.text ?? testCase.document;
}

const validCases = readCases<ValidCase>('valid.json');
const invalidCases = readCases<InvalidCase>('invalid.json');

describe('parsePolicy valid documents', () => {
  it.each(validCases)('$name', (testCase) => {
    const policy = parsePolicy(input(testCase));

    if (testCase.expected !== undefined) {
      expect(policy).toEqual(testCase.expected);
    }
    if (testCase.expectedOperators !== undefined) {
      const operators = policy.statements.flatMap((statement) =>
        statement.conditions.map((clause) => clause.baseOperator),
      );
      expect(operators).toEqual(testCase.expectedOperators);
    }
  });

  it('accepts a parsed object and its JSON text alike', () => {
    for (const testCase of validCases.filter((candidate) => candidate.document !== undefined)) {
      expect(parsePolicy(JSON.stringify(testCase.document))).toEqual(
        parsePolicy(testCase.document),
      );
    }
  });

  it('reports every valid case as ok', () => {
    for (const testCase of validCases) {
      expect(validatePolicy(input(testCase)).ok, testCase.name).toBe(true);
    }
  });
});

describe('validatePolicy invalid documents', () => {
  it.each(invalidCases)('$name', (testCase) => {
    const result = validatePolicy(input(testCase));

    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((error) => error.path)).toEqual(testCase.errors.map((error) => error.path));
    testCase.errors.forEach((expected, index) => {
      expect(errors[index]?.reason).toContain(expected.reason);
    });
  });
});

describe('parsePolicy errors', () => {
  it('throws PolicyGrammarError with the first path and reason', () => {
    const document = {
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Allow', Action: 'GetObject', Resource: '*', Condition: { Foo: {} } },
      ],
    };

    let thrown: unknown;
    try {
      parsePolicy(document);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(PolicyGrammarError);
    expect(isPolicyGrammarError(thrown)).toBe(true);
    expect(isEngineError(thrown)).toBe(true);
    const error = thrown as PolicyGrammarError;
    expect(error.code).toBe('INVALID_POLICY');
    expect(error.path).toBe('Statement[2].Action');
    expect(error.reason).toContain('service prefix and action name');
    expect(error.errors.map((issue) => issue.path)).toEqual([
      'Statement[2].Action',
      'Statement[2].Condition.Foo',
    ]);
    expect(error.message).toContain('Invalid policy at Statement[2].Action: ');
    expect(error.message).toContain('(and 1 more)');
  });

  it('names the document when the root is invalid', () => {
    expect(() => parsePolicy('not json')).toThrow(
      /^Invalid policy at the document: is not valid JSON/,
    );
  });
});

describe('supportsPolicyVariables', () => {
  it.each([
    { version: '2012-10-17' as const, expected: true },
    { version: '2008-10-17' as const, expected: false },
    { version: undefined, expected: false },
  ])('version $version', ({ version, expected }) => {
    const policy = parsePolicy({
      ...(version === undefined ? {} : { Version: version }),
      Statement: {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/${aws:username}',
      },
    });

    expect(supportsPolicyVariables(policy)).toBe(expected);
  });
});
