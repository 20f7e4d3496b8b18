import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

import { databaseUrl } from './libs/persistence/src/database-url.js';

// The schema reads DATABASE_URL, and the CLI fails (falling back to an engine download)
// when it is unset, so the local default is filled in here.
process.env.DATABASE_URL = databaseUrl();

// The adapter lets the CLI run migrations through its bundled WebAssembly schema engine,
// so no engine binary is downloaded.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => new PrismaPg({ connectionString: databaseUrl() }),
});
