/** Kafka topic that carries canonical IAM evaluation events, schema version 1. */
export const EVALUATION_EVENTS_TOPIC = 'iam.evaluation-events.v1';

/** Topic for messages the aggregator could not decode, with the reason in a header. */
export const EVALUATION_EVENTS_DEAD_LETTER_TOPIC = 'iam.evaluation-events.v1.dead-letter';

/** Message header that names the schema version of the message value. */
export const SCHEMA_VERSION_HEADER = 'policy-ledger-schema-version';

/** Message header on dead letters that states why the message was rejected. */
export const DEAD_LETTER_REASON_HEADER = 'policy-ledger-dead-letter-reason';

export const EVENT_SCHEMA_VERSION = 1;

/**
 * Topic for input records that ingest could not read, with the source, the reason and the raw
 * record, so nothing a client sent is lost without a trace.
 */
export const INGEST_DEAD_LETTER_TOPIC = 'iam.ingest.dead-letter.v1';
