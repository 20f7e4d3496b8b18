import { PrismaPg } from '@prisma/adapter-pg';

import { databaseUrl } from './database-url.js';
import { PrismaClient } from './generated/prisma/client.js';

export { Prisma, PrismaClient } from './generated/prisma/client.js';

/**
 * Creates a Prisma client that talks to PostgreSQL through the `pg` driver adapter, so no
 * Prisma engine binary is needed at run time.
 */
export function createPrismaClient(connectionString: string = databaseUrl()): PrismaClient {
  const adapter = new PrismaPg({ connectionString });
  return new PrismaClient({ adapter });
}
