import { readFileSync, writeFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { evaluationEventSchema } from './event.js';

const SCHEMA_FILE = new URL(
  '../../../docs/schema/iam-evaluation-event.v1.schema.json',
  import.meta.url,
);

function generatedSchema(): string {
  const schema = z.toJSONSchema(evaluationEventSchema, { target: 'draft-2020-12', io: 'input' });
  const document = {
    ...schema,
    $id: 'https://policy-ledger.dev/schema/iam-evaluation-event.v1.schema.json',
    title: 'IAM evaluation event, version 1',
    description:
      'One IAM evaluation: a principal needed one action on one resource. Published to Kafka topic iam.evaluation-events.v1.',
  };

  return `${JSON.stringify(document, null, 2)}\n`;
}

describe('event JSON Schema', () => {
  // Run with UPDATE_SCHEMA=1 to rewrite the committed schema after changing the contract.
  // The comparison is on parsed JSON, so reformatting the file (Prettier) does not fail it.
  it('matches the committed docs/schema file', () => {
    if (process.env.UPDATE_SCHEMA === '1') {
      writeFileSync(SCHEMA_FILE, generatedSchema());
    }

    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(JSON.parse(generatedSchema()));
  });
});
