import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { evaluateRequest, type Decision, type EvaluationInput } from './evaluation.js';
import type { PolicyKind } from './evaluation-statement.js';
import { parsePolicy } from './grammar.js';
import type { EvaluationRequest, Policy } from './policy.js';

/**
 * Runs the table-driven cases in libs/policy/test-cases/evaluation. Each file contains the cases
 * of one topic. A policy is an IAM JSON document, parsed with `parsePolicy`, or `{"parsed": …}`
 * with the engine's `Policy` shape for inputs the parser rejects.
 */

type PolicyInput = Record<string, unknown> | { parsed: Policy };

interface ExpectedStatement {
  kind: PolicyKind;
  policy?: number;
  level?: number;
  statement: number;
  result: 'match' | 'conditional';
}

interface EvaluationCase {
  name: string;
  request: EvaluationRequest;
  identityPolicies?: PolicyInput[];
  permissionsBoundary?: PolicyInput;
  scps?: PolicyInput[][];
  resourcePolicy?: PolicyInput;
  resourceAccount?: string;
  principalAccount?: string;
  contextComplete?: boolean;
  expected: {
    decision: Decision;
    /** When given, the explanation must list exactly these statements, in any order. */
    statements?: ExpectedStatement[];
    /** When given, some note must contain this text. */
    note?: string;
  };
}

interface CaseFile {
  description: string;
  cases: EvaluationCase[];
}

const CASES_DIRECTORY = join(import.meta.dirname, '../../test-cases/evaluation');

function loadCaseFiles(): [string, CaseFile][] {
  return readdirSync(CASES_DIRECTORY)
    .filter((name) => name.endsWith('.json'))
    .toSorted()
    .map((name) => [
      name,
      JSON.parse(readFileSync(join(CASES_DIRECTORY, name), 'utf8')) as CaseFile,
    ]);
}

function toPolicy(input: PolicyInput): Policy {
  return 'parsed' in input ? (input.parsed as Policy) : parsePolicy(input);
}

/** JSON has no `undefined`, so case files write `null` for a key known to be absent. */
function toRequest(request: EvaluationRequest): EvaluationRequest {
  if (request.context === undefined) {
    return request;
  }

  const entries = Object.entries(request.context).map(([key, value]) => [key, value ?? undefined]);
  return { ...request, context: Object.fromEntries(entries) };
}

function toEvaluationInput(testCase: EvaluationCase): EvaluationInput {
  return {
    request: toRequest(testCase.request),
    identityPolicies: (testCase.identityPolicies ?? []).map(toPolicy),
    permissionsBoundary:
      testCase.permissionsBoundary === undefined
        ? undefined
        : toPolicy(testCase.permissionsBoundary),
    scps: testCase.scps?.map((level) => level.map(toPolicy)),
    resourcePolicy:
      testCase.resourcePolicy === undefined ? undefined : toPolicy(testCase.resourcePolicy),
    resourceAccount: testCase.resourceAccount,
    principalAccount: testCase.principalAccount,
    contextComplete: testCase.contextComplete,
  };
}

const caseFiles = loadCaseFiles();

describe('evaluateRequest cases', () => {
  it('finds case files', () => {
    expect(caseFiles.length).toBeGreaterThan(0);
  });

  describe.each(caseFiles)('%s', (_fileName, caseFile) => {
    it.each(caseFile.cases.map((testCase) => [testCase.name, testCase] as const))(
      '%s',
      (_name, testCase) => {
        const evaluation = evaluateRequest(toEvaluationInput(testCase));

        expect(evaluation.decision).toBe(testCase.expected.decision);

        if (testCase.expected.statements !== undefined) {
          const statements = evaluation.explanation.map((match) => ({
            kind: match.policyKind,
            ...(match.policyKind === 'identity' || match.policyKind === 'scp'
              ? { policy: match.policyIndex }
              : {}),
            ...(match.scpLevel === undefined ? {} : { level: match.scpLevel }),
            statement: match.statementIndex,
            result: match.result,
          }));
          expect(statements).toEqual(expect.arrayContaining(testCase.expected.statements));
          expect(statements).toHaveLength(testCase.expected.statements.length);
        }

        if (testCase.expected.note !== undefined) {
          expect(evaluation.notes.join('\n')).toContain(testCase.expected.note);
        }
      },
    );
  });
});
