export * from './health.controller.js';
export * from './health.module.js';
export * from './kafka.health.js';
export * from './postgres.health.js';
export * from './readiness.js';
