export { invalidPrincipalReason, type LocalStackLogOptions } from './events.js';
export { readLocalStackLogs } from './read-localstack-logs.js';
export { RECORD_WINDOW_MS } from './records.js';
