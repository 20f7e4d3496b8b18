export * from './canonical-events.js';
export * from './localstack-logs/index.js';
export * from './localstack-policy-stream.js';
export * from './ndjson.js';
export * from './record-errors.js';
export * from './sdk-csm/index.js';
export * from './cloudtrail/index.js';
