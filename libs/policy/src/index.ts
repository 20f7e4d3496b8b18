export * from './arn.js';
export * from './condition.js';
export * from './document.js';
export * from './errors.js';
export * from './fold.js';
export * from './permission.js';
export * from './principal.js';
export * from './normalise-event.js';
