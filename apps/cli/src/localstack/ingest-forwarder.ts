import type { Logger } from 'pino';

import {
  backoffDelayMs,
  type BackoffOptions,
} from '../../../../libs/sources/src/localstack-live/index.js';
import { sleep } from './sleep.js';

/** The ingest route that reads LocalStack policy stream lines. */
export const POLICY_STREAM_INGEST_PATH = '/v1/sources/localstack/policy-stream';

export interface IngestForwarderOptions {
  /** Base URL of ingest, such as http://127.0.0.1:3100. */
  ingestUrl: string;
  /** Maximum lines per request. */
  batchSize: number;
  /** Maximum time a line waits for its batch to fill before it is sent, in milliseconds. */
  flushIntervalMs: number;
  /** Retry delays after ingest failed or was unreachable. */
  backoff: BackoffOptions;
  /** Time allowed for one request, in milliseconds. */
  requestTimeoutMs: number;
  logger: Logger;
  random?: () => number;
}

/** Outcome counts of the lines forwarded to ingest so far. */
export interface ForwarderCounts {
  /** Lines ingest responded to, with 202 or 400. */
  sent: number;
  /** Events ingest published. */
  accepted: number;
  /** Records ingest rejected as invalid; they are not sent again. */
  rejected: number;
  /** Lines given up on: shutdown came before ingest took them, or one line was too large. */
  undelivered: number;
}

interface IngestAnswer {
  accepted?: number;
  rejected?: Array<{ line: number; field: string; error: string }>;
  message?: string;
}

type Delivery =
  | { kind: 'responded'; status: number; answer: IngestAnswer }
  | { kind: 'too-large' }
  | { kind: 'retry'; reason: string };

/**
 * Sends policy stream lines to ingest in batches, one request at a time and in arrival order.
 * A batch is sent when it is full or `flushIntervalMs` after its first line. Failed requests
 * (unreachable ingest, 5xx, 429) are retried with backoff until they succeed, or until the
 * deadline that `beginShutdown` sets.
 */
export class IngestForwarder {
  readonly counts: ForwarderCounts = { sent: 0, accepted: 0, rejected: 0, undelivered: 0 };
  private pending: string[] = [];
  private sending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private shutdownDeadline = Number.POSITIVE_INFINITY;
  /** Aborted when shutdown begins, so a retry waiting out its backoff tries again at once. */
  private readonly shutdown = new AbortController();
  private readonly url: string;

  constructor(private readonly options: IngestForwarderOptions) {
    this.url = `${options.ingestUrl.replace(/\/+$/, '')}${POLICY_STREAM_INGEST_PATH}`;
  }

  /** Queues a line. Resolves once the line is queued, or sent when it filled a batch. */
  async add(line: string): Promise<void> {
    this.pending.push(line);
    if (this.pending.length >= this.options.batchSize) {
      await this.flush();
      return;
    }

    this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
  }

  /** Sends every queued line. Resolves when ingest responded to all of them or they were given up. */
  flush(): Promise<void> {
    const send = () => this.sendPending();
    this.sending = this.sending.then(send, send);
    return this.sending;
  }

  /** Stops retrying at `Date.now() + timeoutMs`; lines not sent by then count as undelivered. */
  beginShutdown(timeoutMs: number): void {
    this.shutdownDeadline = Math.min(this.shutdownDeadline, Date.now() + timeoutMs);
    this.shutdown.abort();
  }

  private async sendPending(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;

    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.batchSize);
      await this.deliver(batch);
    }
  }

  private async deliver(batch: string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const delivery = await this.post(batch);

      if (delivery.kind === 'responded') {
        this.record(batch, delivery.status, delivery.answer);
        return;
      }
      if (delivery.kind === 'too-large') {
        await this.deliverSplit(batch);
        return;
      }

      const remainingMs = this.shutdownDeadline - Date.now();
      if (remainingMs <= 0) {
        this.counts.undelivered += batch.length;
        this.options.logger.error(
          { lines: batch.length, reason: delivery.reason, attempts: attempt },
          'Gave up sending lines to ingest because the shutdown timeout passed',
        );
        return;
      }

      const delayMs = Math.min(
        backoffDelayMs(attempt, this.options.backoff, this.options.random),
        remainingMs,
      );
      this.options.logger.warn(
        { lines: batch.length, reason: delivery.reason, attempt, delayMs },
        'Sending lines to ingest failed; retrying',
      );
      await sleep(delayMs, this.shutdown.signal.aborted ? undefined : this.shutdown.signal);
    }
  }

  /** Sends the halves of a batch that ingest found too large; a single line is given up. */
  private async deliverSplit(batch: string[]): Promise<void> {
    if (batch.length === 1) {
      this.counts.undelivered += 1;
      this.options.logger.error(
        { length: batch[0]!.length },
        'Ingest rejected one line as larger than its body limit (INGEST_BODY_LIMIT_BYTES); the line is dropped',
      );
      return;
    }

    const middle = Math.ceil(batch.length / 2);
    await this.deliver(batch.slice(0, middle));
    await this.deliver(batch.slice(middle));
  }

  private async post(batch: string[]): Promise<Delivery> {
    const timeoutMs = Math.max(
      1,
      Math.min(this.options.requestTimeoutMs, this.shutdownDeadline - Date.now()),
    );

    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: `${batch.join('\n')}\n`,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { kind: 'retry', reason: describeFetchError(error) };
    }

    const answer = await readAnswer(response);
    if (response.status === 202 || response.status === 400) {
      return { kind: 'responded', status: response.status, answer };
    }
    if (response.status === 413) {
      return { kind: 'too-large' };
    }

    return {
      kind: 'retry',
      reason: `ingest responded with ${response.status}${answer.message === undefined ? '' : `: ${answer.message}`}`,
    };
  }

  private record(batch: string[], status: number, answer: IngestAnswer): void {
    const rejected = answer.rejected ?? [];
    this.counts.sent += batch.length;
    this.counts.accepted += answer.accepted ?? 0;
    this.counts.rejected += rejected.length;

    if (rejected.length > 0 || status !== 202) {
      this.options.logger.warn(
        {
          lines: batch.length,
          status,
          rejected: rejected.length,
          examples: rejected.slice(0, 3),
          ...(answer.message === undefined ? {} : { message: answer.message }),
        },
        'Ingest rejected policy stream lines; they are not sent again',
      );
      return;
    }

    this.options.logger.debug(
      { lines: batch.length, accepted: answer.accepted },
      'Forwarded lines to ingest',
    );
  }
}

async function readAnswer(response: Response): Promise<IngestAnswer> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as IngestAnswer) : {};
  } catch {
    return {};
  }
}

/** Names what failed in a fetch, including the network error that undici keeps in `cause`. */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  if (error.name === 'TimeoutError') {
    return 'request timed out';
  }

  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
