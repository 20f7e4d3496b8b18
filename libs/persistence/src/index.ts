export * from './database-url.js';
export * from './prisma-client.js';
