export * from './health/index.js';
export * from './logging.js';
export * from './port.js';
