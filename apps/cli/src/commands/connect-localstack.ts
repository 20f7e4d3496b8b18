import { Command, InvalidArgumentError } from 'commander';

import { createCliLogger } from '../localstack/cli-logger.js';
import { runPolicyStreamConnector } from '../localstack/policy-stream-connector.js';
import { httpUrlParser } from '../option-parsers.js';

export const DEFAULT_INGEST_URL = 'http://127.0.0.1:3100';

/** The first retry waits about this long; later ones double up to --max-backoff. */
const INITIAL_BACKOFF_MS = 500;

const REQUEST_TIMEOUT_MS = 30_000;

interface ConnectLocalStackOptions {
  endpoint: string;
  ingest: string;
  batchSize: number;
  flushInterval: number;
  maxBackoff: number;
  idleTimeout: number;
  shutdownTimeout: number;
}

/**
 * Adds `connect localstack`. The `connect` parent is shared with other live sources, so it is
 * created only when no other source added it yet.
 */
export function registerConnectLocalStack(program: Command): void {
  const connect =
    program.commands.find((command) => command.name() === 'connect') ??
    program
      .command('connect')
      .description('Connect a live source and forward its events to ingest');

  connect
    .command('localstack')
    .description(
      "Read LocalStack Pro's IAM policy stream (GET /_aws/iam/policies/stream) and forward each entry to ingest until SIGTERM or SIGINT. Reconnects with backoff; logs JSON lines to stderr. Exits 0 after a clean stop, 1 when entries could not be delivered.",
    )
    .requiredOption(
      '--endpoint <url>',
      'LocalStack base URL, such as http://localhost.localstack.cloud:4566',
      httpUrlParser('http://127.0.0.1:4566'),
    )
    .option(
      '--ingest <url>',
      'ingest base URL',
      httpUrlParser(DEFAULT_INGEST_URL),
      DEFAULT_INGEST_URL,
    )
    .option(
      '--batch-size <entries>',
      'maximum entries per request to ingest',
      parsePositiveInteger,
      50,
    )
    .option(
      '--flush-interval <ms>',
      'maximum time an entry waits for its batch to fill, in milliseconds',
      parsePositiveInteger,
      1000,
    )
    .option(
      '--max-backoff <ms>',
      'maximum wait between reconnects and between retries of ingest, in milliseconds',
      parsePositiveInteger,
      30_000,
    )
    .option(
      '--idle-timeout <ms>',
      'reconnect when the stream sends nothing, not even a blank keep-alive line, for this long, in milliseconds; 0 turns it off',
      parseNonNegativeInteger,
      120_000,
    )
    .option(
      '--shutdown-timeout <ms>',
      'after SIGTERM or SIGINT, how long to keep retrying ingest for entries not yet delivered, in milliseconds',
      parsePositiveInteger,
      10_000,
    )
    .action(connectLocalStack);
}

async function connectLocalStack(options: ConnectLocalStackOptions): Promise<void> {
  const logger = createCliLogger('connect localstack');
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      logger.warn({ signal }, 'Received a second stop signal; exiting without waiting for ingest');
      process.exit(1);
    }

    logger.info({ signal }, 'Stopping');
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    const summary = await runPolicyStreamConnector(
      {
        endpoint: options.endpoint,
        ingestUrl: options.ingest,
        batchSize: options.batchSize,
        flushIntervalMs: options.flushInterval,
        backoff: {
          initialMs: Math.min(INITIAL_BACKOFF_MS, options.maxBackoff),
          maxMs: options.maxBackoff,
        },
        idleTimeoutMs: options.idleTimeout,
        shutdownTimeoutMs: options.shutdownTimeout,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        logger,
      },
      stop.signal,
    );
    process.exitCode = summary.undelivered > 0 ? 1 : 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new InvalidArgumentError(`"${value}" is not a positive integer`);
  }

  return number;
}

function parseNonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError(`"${value}" is not an integer of 0 or more`);
  }

  return number;
}
