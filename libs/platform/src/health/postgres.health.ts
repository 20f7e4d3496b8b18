import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { POSTGRES_HEALTH_CLIENT, READINESS_CHECK_TIMEOUT_MS } from './readiness.js';

/** The part of a Prisma client that the PostgreSQL check uses. */
export interface SqlQueryClient {
  $queryRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<unknown>;
}

/** Checks that PostgreSQL runs `SELECT 1`. */
@Injectable()
export class PostgresHealthIndicator {
  constructor(
    private readonly healthIndicators: HealthIndicatorService,
    @Inject(POSTGRES_HEALTH_CLIENT) private readonly client: SqlQueryClient,
  ) {}

  check(key = 'postgres') {
    return this.healthIndicators
      .check(key)
      .attempt(async () => {
        // NOTE: Prisma's $queryRaw takes no AbortSignal, so a timeout only stops the wait. The
        // query keeps its pool connection until the server responds or the socket closes.
        await this.client.$queryRaw`SELECT 1`;
      })
      .withTimeout(READINESS_CHECK_TIMEOUT_MS);
  }
}
