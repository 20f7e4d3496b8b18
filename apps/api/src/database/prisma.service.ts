import { Injectable, type OnModuleDestroy } from '@nestjs/common';

import { createPrismaClient, type PrismaClient } from '../../../../libs/persistence/src/index.js';

/** Owns the Prisma client of the process and closes its connection pool on shutdown. */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  readonly client: PrismaClient = createPrismaClient();

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}
