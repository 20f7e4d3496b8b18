export * from './kafka-config.js';
export * from './topics.js';
