/**
 * Time limit of each readiness check, so a hung dependency fails the probe instead of stalling
 * it. Terminus aborts the check's signal when the limit passes.
 */
export const READINESS_CHECK_TIMEOUT_MS = 3_000;

/** Token of the `HealthIndicatorFunction` list that `GET /health/ready` runs. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Token of the kafkajs client that the Kafka readiness check connects with. */
export const KAFKA_HEALTH_CLIENT = Symbol('KAFKA_HEALTH_CLIENT');

/** Token of the Prisma client that the PostgreSQL readiness check queries. */
export const POSTGRES_HEALTH_CLIENT = Symbol('POSTGRES_HEALTH_CLIENT');
