export * from './action-catalog.js';
