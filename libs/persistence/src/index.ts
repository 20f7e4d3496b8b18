export * from './database-url.js';
export * from './policy-store.js';
export * from './prisma-client.js';
