import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';

import { createPrismaClient, PrismaClient } from '../../../libs/persistence/src/index.js';
import { HealthModule, loggingModule } from '../../../libs/platform/src/index.js';
import { FoldController } from './folding/fold.controller.js';
import { FoldService } from './folding/fold.service.js';

const prismaProvider = { provide: PrismaClient, useFactory: () => createPrismaClient() };

class PrismaLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PrismaClient) private readonly prisma: PrismaClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}

@Module({
  providers: [prismaProvider, PrismaLifecycle],
  exports: [PrismaClient],
})
class DatabaseModule {}

@Module({
  imports: [
    loggingModule('aggregator'),
    DatabaseModule,
    HealthModule.forChecks({ imports: [DatabaseModule], kafka: true, postgres: PrismaClient }),
  ],
  controllers: [FoldController],
  providers: [FoldService],
})
export class AggregatorModule {}
