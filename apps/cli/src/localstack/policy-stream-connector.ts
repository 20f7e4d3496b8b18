import type { Logger } from 'pino';

import {
  backoffDelayMs,
  LineSplitter,
  RecentLines,
  type BackoffOptions,
} from '../../../../libs/sources/src/localstack-live/index.js';
import { describeFetchError, IngestForwarder, type ForwarderCounts } from './ingest-forwarder.js';
import { sleep } from './sleep.js';

/** LocalStack Pro's long-lived NDJSON stream of the policies that requests needed. */
export const POLICY_STREAM_PATH = '/_aws/iam/policies/stream';

/** Maximum entry length, in characters. A longer line without a line break ends the connection. */
const MAX_LINE_LENGTH = 1024 * 1024;

/** Entries remembered to skip ones the stream sends again after a reconnect. */
const RECENT_LINES = 10_000;

export interface PolicyStreamConnectorOptions {
  /** LocalStack base URL, such as http://localhost.localstack.cloud:4566. */
  endpoint: string;
  /** Ingest base URL, such as http://127.0.0.1:3100. */
  ingestUrl: string;
  batchSize: number;
  flushIntervalMs: number;
  /** Delays between reconnects, and between retries of a failed ingest request. */
  backoff: BackoffOptions;
  /** Reconnect after this long without any data, in milliseconds; 0 turns it off. */
  idleTimeoutMs: number;
  /** How long to keep retrying ingest after the stop signal, in milliseconds. */
  shutdownTimeoutMs: number;
  /** Time allowed for one ingest request, in milliseconds. */
  requestTimeoutMs: number;
  logger: Logger;
  random?: () => number;
}

/** Totals of one connector run. */
export interface ConnectorSummary extends ForwarderCounts {
  connections: number;
  /** Non-blank lines read from the stream, duplicates included. */
  entries: number;
  keepAlives: number;
  /** Entries skipped because the same line was forwarded before. */
  duplicates: number;
  /** Incomplete lines dropped when a connection broke in the middle of them. */
  incomplete: number;
}

/** Reason one connection ended. */
type Disconnect = 'stopped' | 'idle timeout' | 'stream ended' | string;

/**
 * Reads LocalStack's policy stream until `signal` aborts, and forwards each entry to ingest.
 * A broken or ended connection is opened again after a capped exponential backoff with jitter;
 * the backoff starts over once a connection delivered an entry. On abort it stops reading,
 * sends the entries it still has (retrying for at most `shutdownTimeoutMs`) and returns the totals.
 */
export async function runPolicyStreamConnector(
  options: PolicyStreamConnectorOptions,
  signal: AbortSignal,
): Promise<ConnectorSummary> {
  const connector = new PolicyStreamConnector(options, signal);
  return connector.run();
}

class PolicyStreamConnector {
  private readonly summary = {
    connections: 0,
    entries: 0,
    keepAlives: 0,
    duplicates: 0,
    incomplete: 0,
  };
  private readonly forwarder: IngestForwarder;
  private readonly recent = new RecentLines(RECENT_LINES);
  private readonly streamUrl: string;
  private readonly logger: Logger;

  constructor(
    private readonly options: PolicyStreamConnectorOptions,
    private readonly signal: AbortSignal,
  ) {
    this.logger = options.logger;
    this.streamUrl = `${options.endpoint.replace(/\/+$/, '')}${POLICY_STREAM_PATH}`;
    this.forwarder = new IngestForwarder({
      ingestUrl: options.ingestUrl,
      batchSize: options.batchSize,
      flushIntervalMs: options.flushIntervalMs,
      backoff: options.backoff,
      requestTimeoutMs: options.requestTimeoutMs,
      logger: options.logger,
      ...(options.random === undefined ? {} : { random: options.random }),
    });
  }

  async run(): Promise<ConnectorSummary> {
    const onStop = () => this.forwarder.beginShutdown(this.options.shutdownTimeoutMs);
    this.signal.addEventListener('abort', onStop, { once: true });
    this.logger.info({ endpoint: this.streamUrl, ingest: this.options.ingestUrl }, 'Starting');

    try {
      let attempt = 0;
      while (!this.signal.aborted) {
        const entriesBefore = this.summary.entries;
        await this.readOnce();
        if (this.signal.aborted) {
          break;
        }

        attempt = this.summary.entries > entriesBefore ? 1 : attempt + 1;
        const delayMs = backoffDelayMs(attempt, this.options.backoff, this.options.random);
        this.logger.info({ endpoint: this.streamUrl, attempt, delayMs }, 'Reconnecting');
        await sleep(delayMs, this.signal);
      }

      await this.forwarder.flush();
    } finally {
      this.signal.removeEventListener('abort', onStop);
    }

    const totals = { ...this.summary, ...this.forwarder.counts };
    this.logger.info(totals, 'Stopped');
    return totals;
  }

  /** Reads one connection until it ends, breaks, goes idle or the connector stops. */
  private async readOnce(): Promise<void> {
    const connection = new AbortController();
    const stop = () => connection.abort();
    this.signal.addEventListener('abort', stop, { once: true });
    const idle = new IdleTimer(this.options.idleTimeoutMs, () => connection.abort());
    const splitter = new LineSplitter(MAX_LINE_LENGTH);
    const counts = { entries: 0, keepAlives: 0 };
    const startedAt = Date.now();
    let reason: Disconnect = 'stream ended';

    try {
      idle.start();
      const response = await fetch(this.streamUrl, {
        headers: { accept: 'application/x-ndjson' },
        signal: connection.signal,
      });
      if (response.status !== 200 || response.body === null) {
        await response.body?.cancel();
        reason = `LocalStack responded with ${response.status}`;
        return;
      }

      this.summary.connections++;
      this.logger.info(
        { endpoint: this.streamUrl, connection: this.summary.connections },
        'Connected',
      );
      const decoder = new TextDecoder();
      for await (const chunk of response.body) {
        // Waiting on ingest is no silence of the stream, so the timer pauses meanwhile.
        idle.stop();
        for (const line of splitter.push(decoder.decode(chunk, { stream: true }))) {
          await this.handleLine(line, counts);
        }
        idle.start();
      }

      // A stream that ended cleanly may still hold a last entry without a line break.
      const last = splitter.takeRest();
      if (last.trim() !== '') {
        await this.handleLine(last, counts);
      }
    } catch (error) {
      reason = this.signal.aborted
        ? 'stopped'
        : idle.fired
          ? 'idle timeout'
          : describeFetchError(error);
    } finally {
      idle.stop();
      this.signal.removeEventListener('abort', stop);
      this.dropIncomplete(splitter.takeRest());
      this.logger.info(
        { endpoint: this.streamUrl, reason, ...counts, durationMs: Date.now() - startedAt },
        reason.startsWith('LocalStack responded') ? 'Could not connect' : 'Disconnected',
      );
    }
  }

  private async handleLine(
    line: string,
    counts: { entries: number; keepAlives: number },
  ): Promise<void> {
    if (line.trim() === '') {
      counts.keepAlives++;
      this.summary.keepAlives++;
      return;
    }

    counts.entries++;
    this.summary.entries++;
    if (!this.recent.add(line)) {
      this.summary.duplicates++;
      return;
    }

    await this.forwarder.add(line);
  }

  /** Counts the part of an entry that a broken connection cut off; it is never sent. */
  private dropIncomplete(rest: string): void {
    if (rest.trim() === '') {
      return;
    }

    this.summary.incomplete++;
    this.logger.warn(
      { endpoint: this.streamUrl, length: rest.length },
      'Dropped an incomplete entry of a broken connection',
    );
  }
}

/** Calls `onIdle` when `start` is not followed by `stop` within `timeoutMs`; 0 turns it off. */
class IdleTimer {
  fired = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
  ) {}

  start(): void {
    if (this.timeoutMs === 0) {
      return;
    }

    this.stop();
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.timeoutMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
