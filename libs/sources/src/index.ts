export * from './canonical-events.js';
export * from './localstack-policy-stream.js';
export * from './ndjson.js';
export * from './record-errors.js';
