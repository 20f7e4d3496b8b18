export * from './backoff.js';
export * from './line-splitter.js';
export * from './recent-lines.js';
