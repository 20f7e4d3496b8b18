import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';

import { createKafka, checkKafka } from '../../../libs/messaging/src/index.js';
import { createPrismaClient, PrismaClient } from '../../../libs/persistence/src/index.js';
import {
  HealthModule,
  loggingModule,
  type ReadinessProbe,
} from '../../../libs/platform/src/index.js';
import { FoldController } from './folding/fold.controller.js';
import { FoldService } from './folding/fold.service.js';

const KAFKA_PROBE = Symbol('KAFKA_PROBE');
const POSTGRES_PROBE = Symbol('POSTGRES_PROBE');

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
    HealthModule.forProbes({
      imports: [DatabaseModule],
      providers: [
        {
          provide: KAFKA_PROBE,
          useFactory: (): ReadinessProbe => {
            const kafka = createKafka('policy-ledger-aggregator-health');
            return { name: 'kafka', check: () => checkKafka(kafka) };
          },
        },
        {
          provide: POSTGRES_PROBE,
          inject: [PrismaClient],
          useFactory: (prisma: PrismaClient): ReadinessProbe => ({
            name: 'postgres',
            check: async () => {
              await prisma.$queryRaw`SELECT 1`;
            },
          }),
        },
      ],
      tokens: [KAFKA_PROBE, POSTGRES_PROBE],
    }),
  ],
  controllers: [FoldController],
  providers: [FoldService],
})
export class AggregatorModule {}
