export * from './event.js';
export * from './topics.js';
export * from './validation.js';
