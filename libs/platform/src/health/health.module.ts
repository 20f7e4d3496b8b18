import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { TerminusModule, type HealthIndicatorFunction } from '@nestjs/terminus';
import type { Kafka } from 'kafkajs';

import { HealthController } from './health.controller.js';
import { createKafkaHealthClient, KafkaHealthIndicator } from './kafka.health.js';
import { PostgresHealthIndicator, type SqlQueryClient } from './postgres.health.js';
import { KAFKA_HEALTH_CLIENT, POSTGRES_HEALTH_CLIENT, READINESS_CHECKS } from './readiness.js';

/** A client built from other providers, in the shape of a Nest factory provider. */
export interface HealthClientFactory<Client> {
  inject?: InjectionToken[];
  useFactory: (...dependencies: never[]) => Client | Promise<Client>;
}

/** A provider token of a client, or a factory that builds it from other providers. */
export type HealthClientSource<Client> = InjectionToken | HealthClientFactory<Client>;

export interface HealthChecksOptions {
  /** Modules that export the providers named in `kafka` or `postgres`. */
  imports?: ModuleMetadata['imports'];
  /**
   * Checks Kafka under the key `kafka`. `true` connects to the brokers in KAFKA_BROKERS with
   * a client of its own. A client source reuses an application's kafkajs client, whose
   * connection and request timeouts then bound how long a timed-out check keeps its socket.
   */
  kafka?: true | HealthClientSource<Kafka>;
  /** Checks PostgreSQL under the key `postgres` with `SELECT 1` through a Prisma client. */
  postgres?: HealthClientSource<SqlQueryClient>;
}

/**
 * Serves `GET /health/live` and `GET /health/ready` with @nestjs/terminus. Both return
 * `{ status, info, error, details }`, with HTTP 503 and status `error` when a check is down.
 */
@Module({})
export class HealthModule {
  static forChecks(options: HealthChecksOptions): DynamicModule {
    const { imports = [], kafka, postgres } = options;
    const providers: Provider[] = [];
    const indicators: Array<typeof KafkaHealthIndicator | typeof PostgresHealthIndicator> = [];

    if (kafka !== undefined) {
      providers.push(
        kafka === true
          ? { provide: KAFKA_HEALTH_CLIENT, useFactory: createKafkaHealthClient }
          : clientProvider(KAFKA_HEALTH_CLIENT, kafka),
        KafkaHealthIndicator,
      );
      indicators.push(KafkaHealthIndicator);
    }

    if (postgres !== undefined) {
      providers.push(clientProvider(POSTGRES_HEALTH_CLIENT, postgres), PostgresHealthIndicator);
      indicators.push(PostgresHealthIndicator);
    }

    providers.push({
      provide: READINESS_CHECKS,
      inject: indicators,
      useFactory: (
        ...instances: Array<KafkaHealthIndicator | PostgresHealthIndicator>
      ): HealthIndicatorFunction[] => instances.map((indicator) => () => indicator.check()),
    });

    return {
      module: HealthModule,
      imports: [TerminusModule, ...imports],
      controllers: [HealthController],
      providers,
    };
  }
}

function clientProvider<Client>(token: symbol, source: HealthClientSource<Client>): Provider {
  if (isClientFactory(source)) {
    return { provide: token, inject: source.inject ?? [], useFactory: source.useFactory };
  }

  return { provide: token, useExisting: source };
}

function isClientFactory<Client>(
  source: HealthClientSource<Client>,
): source is HealthClientFactory<Client> {
  return typeof source === 'object' && source !== null && 'useFactory' in source;
}
