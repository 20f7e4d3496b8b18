import { Writable } from 'node:stream';

import { logLevel, type LogEntry } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { createPinoLogCreator, kafkaLogLevel, pinoLevelOf } from './kafka-config.js';

function entry(level: logLevel, message: string, extra: Record<string, unknown> = {}): LogEntry {
  return {
    namespace: 'Connection',
    level,
    label: logLevel[level],
    log: { timestamp: '2026-12-04T19:52:47.000Z', logger: 'kafkajs', message, ...extra },
  };
}

/** Runs entries through the log creator into a pino logger and returns the parsed lines. */
function writeEntries(entries: LogEntry[], level = 'trace'): Record<string, unknown>[] {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  const log = createPinoLogCreator(
    pino({ level }, destination),
    'policy-ledger-test',
  )(logLevel.DEBUG);

  for (const item of entries) {
    log(item);
  }

  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('pinoLevelOf', () => {
  it.each([
    [logLevel.ERROR, 'error'],
    [logLevel.WARN, 'warn'],
    [logLevel.INFO, 'info'],
    [logLevel.DEBUG, 'debug'],
  ])('maps kafkajs level %i to %s', (level, expected) => {
    expect(pinoLevelOf(entry(level, 'Response Metadata(key: 3, version: 6)'))).toBe(expected);
  });

  it.each([
    "The coordinator is loading and hence can't process requests for this group",
    'The group is rebalancing, so a rejoin is needed',
    'The group coordinator is not available',
    'This is not the correct coordinator for this group',
  ])('maps ERROR with error %j to debug', (error) => {
    const item = entry(logLevel.ERROR, 'Response JoinGroup(key: 11, version: 5)', { error });

    expect(pinoLevelOf(item)).toBe('debug');
  });

  it('keeps ERROR for other errors', () => {
    const item = entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', {
      error: 'This server does not host this topic-partition',
    });

    expect(pinoLevelOf(item)).toBe('error');
  });

  it('keeps ERROR for a consumer crash caused by a rebalance', () => {
    const item = entry(
      logLevel.ERROR,
      'Crash: KafkaJSProtocolError: The group is rebalancing, so a rejoin is needed',
    );

    expect(pinoLevelOf(item)).toBe('error');
  });

  it('keeps WARN for a coordinator error', () => {
    const item = entry(logLevel.WARN, 'The group is rebalancing, re-joining', {
      error: 'The group is rebalancing, so a rejoin is needed',
    });

    expect(pinoLevelOf(item)).toBe('warn');
  });
});

describe('kafkaLogLevel', () => {
  it.each([
    ['trace', logLevel.DEBUG],
    ['debug', logLevel.DEBUG],
    ['info', logLevel.INFO],
    ['warn', logLevel.WARN],
    ['error', logLevel.ERROR],
    ['fatal', logLevel.ERROR],
    ['silent', logLevel.NOTHING],
  ])('maps LOG_LEVEL=%s to kafkajs level %i', (level, expected) => {
    expect(kafkaLogLevel(level)).toBe(expected);
  });
});

describe('createPinoLogCreator', () => {
  it('writes the pino line shape with kafkajs fields', () => {
    const [line] = writeEntries([
      entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', {
        broker: '127.0.0.1:9092',
        clientId: 'policy-ledger-ingest',
        error: 'This server does not host this topic-partition',
        correlationId: 12,
      }),
    ]);

    expect(line).toEqual({
      level: 50,
      time: expect.any(Number),
      pid: process.pid,
      hostname: expect.any(String),
      logger: 'kafkajs',
      namespace: 'Connection',
      clientId: 'policy-ledger-ingest',
      broker: '127.0.0.1:9092',
      error: 'This server does not host this topic-partition',
      correlationId: 12,
      msg: 'Response Produce(key: 0, version: 7)',
    });
  });

  it('adds the client id when kafkajs does not', () => {
    const [line] = writeEntries([entry(logLevel.INFO, 'Starting', { groupId: 'aggregator' })]);

    expect(line?.clientId).toBe('policy-ledger-test');
    expect(line?.groupId).toBe('aggregator');
    expect(line?.level).toBe(30);
  });

  it('writes coordinator errors at debug', () => {
    const lines = writeEntries([
      entry(logLevel.ERROR, 'Response JoinGroup(key: 11, version: 5)', {
        error: "The coordinator is loading and hence can't process requests for this group",
      }),
    ]);

    expect(lines.map((line) => line.level)).toEqual([20]);
  });

  it('drops coordinator errors at LOG_LEVEL=info', () => {
    const lines = writeEntries(
      [
        entry(logLevel.ERROR, 'Response JoinGroup(key: 11, version: 5)', {
          error: 'The group coordinator is not available',
        }),
        entry(logLevel.ERROR, 'Failed to connect to broker, reconnecting'),
      ],
      'info',
    );

    expect(lines.map((line) => line.msg)).toEqual(['Failed to connect to broker, reconnecting']);
  });

  it('uses the message of an Error passed as the message', () => {
    const error = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    const item = entry(logLevel.ERROR, '', { stack: error.stack });
    const [line] = writeEntries([{ ...item, log: { ...item.log, message: error as never } }]);

    expect(line?.msg).toBe('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
  });

  it('redacts secrets in extra fields', () => {
    const [line] = writeEntries([
      entry(logLevel.DEBUG, 'Connecting', {
        sasl: { mechanism: 'plain', username: 'ledger', password: 'hunter2' },
        ssl: false,
        config: {
          authentication: { password: 'hunter2', sessionToken: 'session-token-value' },
          secretAccessKey: 'secret-key-value',
          brokers: ['127.0.0.1:9092'],
        },
      }),
    ]);
    const text = JSON.stringify(line);

    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('session-token-value');
    expect(text).not.toContain('secret-key-value');
    expect(line?.sasl).toBe('[Redacted]');
    expect(line?.config).toEqual({
      authentication: { password: '[Redacted]', sessionToken: '[Redacted]' },
      secretAccessKey: '[Redacted]',
      brokers: ['127.0.0.1:9092'],
    });
  });

  it('keeps a boolean sasl flag', () => {
    const [, line] = writeEntries([
      entry(logLevel.DEBUG, 'Connecting'),
      entry(logLevel.DEBUG, 'Connecting', { sasl: true }),
    ]);

    expect(line?.sasl).toBe(true);
  });
});
