import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';

import { PostgresHealthIndicator } from './postgres.health.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: PostgresHealthIndicator,
  ) {}

  /** Liveness: 200 while the process serves HTTP. It checks no dependency. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Readiness: 200 when PostgreSQL responds, 503 with the failing check otherwise. Kafka is
   * not checked, because the API only reads PostgreSQL and serves while Kafka is down.
   */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.postgres.check('postgres')]);
  }
}
