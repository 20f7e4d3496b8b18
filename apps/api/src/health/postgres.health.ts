import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { PrismaService } from '../database/prisma.service.js';
import { READINESS_CHECK_TIMEOUT_MS } from './readiness.js';

@Injectable()
export class PostgresHealthIndicator {
  constructor(
    private readonly prisma: PrismaService,
    private readonly healthIndicators: HealthIndicatorService,
  ) {}

  check(key: string) {
    return this.healthIndicators
      .check(key)
      .attempt(async () => {
        await this.prisma.client.$queryRaw`SELECT 1`;
      })
      .withTimeout(READINESS_CHECK_TIMEOUT_MS);
  }
}
