import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

// kafkajs 2 warns on every producer that its default partitioner changed in 2.0. This project
// has always used the 2.x default (murmur2, as the Java client), so the warning is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

/** Returns the broker list from KAFKA_BROKERS (comma-separated host:port pairs). */
export function kafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/** Creates a kafkajs client with short connection timeouts, so health checks fail fast. */
export function createKafka(clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    logLevel: logLevel.WARN,
    ...overrides,
  });
}
