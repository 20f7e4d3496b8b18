// Loaded before every integration test file: points the apps at the test database and gives
// the in-process aggregators their own consumer group, so a running dev stack (group
// policy-ledger-aggregator, database policy_ledger) never takes partitions or rows from tests.
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/policy_ledger_test';
process.env.KAFKA_GROUP_ID ??= 'policy-ledger-aggregator-test';
process.env.LOG_LEVEL ??= 'warn';
// Ingest apps started by tests do not bind the SDK monitoring UDP port unless a test sets SDK_CSM_UDP.
process.env.SDK_CSM_UDP ??= 'off';

/** Consumer group of the aggregators that integration tests start in-process. */
export function testConsumerGroup(): string {
  return process.env.KAFKA_GROUP_ID!;
}
