import { readdirSync, readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { CloudTrailReader, type CloudTrailReadResult } from './reader.js';

/**
 * Table-driven mapping tests. Each JSON file under test-fixtures/cloudtrail/cases contains
 * `defaults` (a base record) and `cases`, each a `record` merged over the defaults (a key
 * set to null is removed) and what reading it must yield.
 */
interface ExpectedEvent {
  action: string;
  resource: string;
  id?: string;
  decision?: string;
  policyType?: string;
  attachTo?: string;
  principal?: Record<string, unknown>;
  principalInStatement?: unknown;
}

interface MappingCase {
  name: string;
  record: Record<string, unknown>;
  expect: {
    events?: ExpectedEvent[];
    skipped?: string;
    unmapped?: string;
    rejected?: { field: string; error: string };
  };
}

interface CaseFile {
  defaults: Record<string, unknown>;
  cases: MappingCase[];
}

const CASES_DIR = new URL('../../test-fixtures/cloudtrail/cases/', import.meta.url);

const caseFiles = readdirSync(CASES_DIR)
  .filter((name) => name.endsWith('.json'))
  .toSorted()
  .map((name) => ({
    name,
    file: JSON.parse(readFileSync(new URL(name, CASES_DIR), 'utf8')) as CaseFile,
  }));

function recordOf(defaults: Record<string, unknown>, overrides: Record<string, unknown>) {
  const record: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) {
      delete record[key];
    } else {
      record[key] = value;
    }
  }

  return record;
}

let reader: CloudTrailReader;

beforeAll(async () => {
  reader = await CloudTrailReader.create();
});

function readOne(record: Record<string, unknown>): CloudTrailReadResult {
  return reader.read(JSON.stringify({ Records: [record] }));
}

describe.each(caseFiles)('CloudTrail cases in $name', ({ file }) => {
  it.each(file.cases)('$name', (testCase) => {
    const result = readOne(recordOf(file.defaults, testCase.record));
    const expected = testCase.expect;

    if (expected.events !== undefined) {
      expect(result.records.map((record) => record.ok)).toEqual([true]);
      const events = result.records[0]!.ok ? result.records[0]!.events : [];

      expect(events.map(({ action, resource }) => ({ action, resource }))).toEqual(
        expected.events.map(({ action, resource }) => ({ action, resource })),
      );
      expected.events.forEach((event, index) => {
        const actual = events[index]!;
        for (const field of [
          'id',
          'decision',
          'policyType',
          'attachTo',
          'principal',
          'principalInStatement',
        ] as const) {
          if (event[field] !== undefined) {
            expect(actual[field], `${field} of event ${index + 1}`).toEqual(event[field]);
          }
        }
      });
    }

    if (expected.skipped !== undefined) {
      expect(result.records).toEqual([]);
      expect(result.skipped).toBe(1);
      expect(result.skippedByReason.map((entry) => entry.reason)).toEqual([expected.skipped]);
    }

    if (expected.unmapped !== undefined) {
      expect(result.records).toEqual([]);
      expect(result.unmapped).toEqual([{ key: expected.unmapped, count: 1 }]);
    }

    if (expected.rejected !== undefined) {
      expect(result.records).toHaveLength(1);
      const [record] = result.records;
      expect(record!.ok).toBe(false);
      const errors = record!.ok ? [] : record!.errors;
      expect(errors[0]!.field).toBe(expected.rejected.field);
      expect(errors[0]!.error).toMatch(new RegExp(expected.rejected.error));
    }
  });
});

describe('CloudTrail case files', () => {
  it('exist for every topic', () => {
    expect(caseFiles.map(({ name }) => name)).toEqual([
      'decisions.json',
      'malformed.json',
      'multi-action.json',
      'partitions.json',
      'principals.json',
      'renames-and-versions.json',
      's3.json',
      'services.json',
      'skipped.json',
      'unmapped.json',
    ]);
  });

  it('expect exactly one outcome per case', () => {
    for (const { name, file } of caseFiles) {
      for (const testCase of file.cases) {
        const outcomes = ['events', 'skipped', 'unmapped', 'rejected'].filter(
          (key) => key in testCase.expect,
        );

        expect(outcomes, `${name}: ${testCase.name}`).toHaveLength(1);
      }
    }
  });
});
