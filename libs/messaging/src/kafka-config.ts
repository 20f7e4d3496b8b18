import { Kafka, logLevel, type KafkaConfig, type LogEntry, type logCreator } from 'kafkajs';
import { pino, type Level, type Logger } from 'pino';

// kafkajs 2 warns on every producer that its default partitioner changed in 2.0. This project
// has always used the 2.x default (murmur2, as the Java client), so the warning is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

const DEFAULT_LOG_LEVEL = 'info';

/** Returns the broker list from KAFKA_BROKERS (comma-separated host:port pairs). */
export function kafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

/**
 * Creates a kafkajs client with short connection timeouts, so health checks fail fast. Its
 * logs go through pino at LOG_LEVEL (default info), in the line shape of nestjs-pino.
 */
export function createKafka(clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  const level = process.env.LOG_LEVEL ?? DEFAULT_LOG_LEVEL;

  return new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    logLevel: kafkaLogLevel(level),
    logCreator: createPinoLogCreator(pino({ level }), clientId),
    ...overrides,
  });
}

/**
 * Returns the kafkajs level for a pino level, so kafkajs skips building entries that pino
 * would drop. kafkajs has no trace or fatal level.
 */
export function kafkaLogLevel(pinoLevel: string): logLevel {
  switch (pinoLevel) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'silent':
      return logLevel.NOTHING;
    default:
      return logLevel.ERROR;
  }
}

// Protocol errors (kafkajs 2.2.4 wording) that a consumer group meets while its coordinator
// starts, moves or rebalances. kafkajs retries them, but logs each failed response at ERROR
// with the protocol error message in the `error` field.
const RETRIABLE_COORDINATOR_ERRORS = [
  'the coordinator is loading',
  'the group is rebalancing',
  'coordinator is not available',
  'this is not the correct coordinator',
];

function isRetriableCoordinatorError(error: unknown): boolean {
  if (typeof error !== 'string') {
    return false;
  }

  const lowerCase = error.toLowerCase();
  return RETRIABLE_COORDINATOR_ERRORS.some((text) => lowerCase.includes(text));
}

/**
 * Returns the pino level of a kafkajs entry. An ERROR entry whose `error` field is a
 * retriable coordinator error becomes debug, because that is a normal state while a group
 * forms. Other entries keep their level, including a consumer crash whose message names
 * such an error.
 */
export function pinoLevelOf(entry: LogEntry): Level {
  switch (entry.level) {
    case logLevel.ERROR:
      return isRetriableCoordinatorError(entry.log.error) ? 'debug' : 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    default:
      return 'debug';
  }
}

// Keys whose values may contain credentials, such as the SASL password or an AWS secret key.
const SECRET_KEY =
  /password|passwd|passphrase|secret|token|credential|authorization|api_?key|private_?key|cookie|^sasl$/i;
const REDACTED = '[Redacted]';
const MAX_REDACT_DEPTH = 6;

/**
 * Copies kafkajs extra fields with the values of secret-looking keys replaced. A boolean is
 * kept, because kafkajs logs `sasl: true` to show whether SASL is on. Values nested deeper
 * than MAX_REDACT_DEPTH are replaced whole, which bounds the work on deep or cyclic values.
 */
function redactSecrets(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) {
    return depth >= MAX_REDACT_DEPTH
      ? REDACTED
      : value.map((item) => redactSecrets(item, depth + 1));
  }

  if (!isPlainObject(value)) {
    return value;
  }

  if (depth >= MAX_REDACT_DEPTH) {
    return REDACTED;
  }

  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      SECRET_KEY.test(key) && typeof field !== 'boolean'
        ? REDACTED
        : redactSecrets(field, depth + 1),
    ]),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Creates a kafkajs logCreator that writes through `logger`. Each line has pino's `level`,
 * `time` and `msg`, plus `logger: 'kafkajs'`, the kafkajs `namespace`, `clientId` and the
 * entry's extra fields with secrets redacted. kafkajs's own `timestamp` and `label` are
 * dropped, because `time` and `level` carry them.
 */
export function createPinoLogCreator(logger: Logger, clientId: string): logCreator {
  return () => (entry) => {
    const { timestamp: _timestamp, logger: _logger, message, ...extra } = entry.log;
    // The kafkajs types declare a string, but kafkajs passes an Error when a broker
    // reconnect fails.
    const error: unknown = message;
    const text = error instanceof Error ? error.message : String(message);

    const fields = {
      logger: 'kafkajs',
      namespace: entry.namespace,
      clientId,
      ...(redactSecrets(extra) as Record<string, unknown>),
    };
    logger[pinoLevelOf(entry)](fields, text);
  };
}
