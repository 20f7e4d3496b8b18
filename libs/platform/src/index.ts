export * from './health.js';
export * from './logging.js';
export * from './port.js';
