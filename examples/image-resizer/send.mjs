#!/usr/bin/env node
// Sends this example's LocalStack policy stream to a running Policy Ledger and prints the
// least-privilege policy each role and resource ended up with, read back over GraphQL.
//
//   node examples/image-resizer/send.mjs [--ingest URL] [--api URL]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    ingest: { type: 'string', default: process.env.INGEST_URL ?? 'http://127.0.0.1:3100' },
    api: { type: 'string', default: process.env.API_URL ?? 'http://127.0.0.1:3000' },
  },
});

const stream = await readFile(new URL('./policy-stream.ndjson', import.meta.url), 'utf8');
const sent = await fetch(`${values.ingest}/v1/sources/localstack/policy-stream`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-ndjson' },
  body: stream,
});
const receipt = await sent.json();
console.log(`ingest responded ${sent.status}: ${JSON.stringify(receipt)}`);
if (sent.status !== 202) {
  process.exit(1);
}

const targets = [
  ['IDENTITY', 'arn:aws:iam::000000000000:role/PresignFunctionRole'],
  ['IDENTITY', 'arn:aws:iam::000000000000:role/ResizeFunctionRole'],
  ['IDENTITY', 'arn:aws:iam::000000000000:role/ListFunctionRole'],
  ['RESOURCE', 'arn:aws:lambda:us-east-1:000000000000:function:image-resizer-resize'],
];
const query = `query ($arn: String!, $type: PolicyType!) {
  principal(arn: $arn) { policy(type: $type) { version document } }
}`;

// The aggregator folds events a moment after ingest accepted them, so poll briefly.
for (const [type, arn] of targets) {
  let policy = null;
  for (let attempt = 0; attempt < 30 && policy === null; attempt++) {
    const response = await fetch(`${values.api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { arn, type } }),
    });
    const { data, errors } = await response.json();
    if (errors !== undefined) {
      console.error(JSON.stringify(errors));
      process.exit(1);
    }
    policy = data.principal?.policy ?? null;
    if (policy === null) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  console.log(`\n${type.toLowerCase()} policy of ${arn}, version ${policy?.version ?? 'none'}:`);
  console.log(JSON.stringify(policy?.document ?? null, null, 2));
}
