import { setTimeout as sleep } from 'node:timers/promises';

/** The ingest route that reads CloudTrail records. */
export const CLOUDTRAIL_INGEST_PATH = '/v1/sources/cloudtrail';

/** Ingest's response to one batch of records. */
export interface BatchAnswer {
  accepted: number;
  rejected: Array<{ line: number; field: string; error: string }>;
  skipped: number;
  unmapped: Array<{ key: string; count: number }>;
}

export type BatchOutcome = { kind: 'answered'; answer: BatchAnswer } | { kind: 'too-large' };

/** Ingest could not take a batch after every retry, or refused it for good. */
export class IngestFailedError extends Error {
  readonly code = 'INGEST_FAILED';
}

export interface RetryOptions {
  /** Attempts per batch, the first one included. */
  attempts: number;
  /** Wait before the first retry, doubled for each later one, in milliseconds. */
  initialDelayMs: number;
  /** Maximum wait between attempts, in milliseconds, which also caps Retry-After. */
  maxDelayMs: number;
}

export interface IngestClientOptions {
  ingestUrl: string;
  retry: RetryOptions;
  requestTimeoutMs: number;
  fetch?: typeof fetch;
  wait?: (ms: number) => Promise<void>;
}

/** Statuses after which the same batch may succeed later. */
const RETRIABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Posts gzip-compressed NDJSON batches to ingest's CloudTrail route. Unreachable ingest and
 * 429, 502, 503 and 504 responses are retried with backoff (503 honours Retry-After). A 413
 * returns `too-large` so the caller can split the batch. A 400 that lists rejected records
 * is a response to keep, because sending the same records again cannot succeed.
 */
export class IngestClient {
  private readonly url: string;
  private readonly fetch: typeof fetch;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(private readonly options: IngestClientOptions) {
    this.url = new URL(CLOUDTRAIL_INGEST_PATH, options.ingestUrl).toString();
    this.fetch = options.fetch ?? globalThis.fetch;
    this.wait = options.wait ?? ((ms) => sleep(ms));
  }

  async postBatch(gzippedNdjson: Buffer): Promise<BatchOutcome> {
    const { attempts, initialDelayMs, maxDelayMs } = this.options.retry;
    let lastProblem = '';

    for (let attempt = 1; attempt <= attempts; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
          body: Uint8Array.from(gzippedNdjson),
          signal: AbortSignal.timeout(this.options.requestTimeoutMs),
        });
      } catch (error) {
        lastProblem = `${this.url} is unreachable: ${causeOf(error)}`;
        await this.backOff(attempt, attempts, initialDelayMs, maxDelayMs);
        continue;
      }

      const body = (await response.json().catch(() => ({}))) as Partial<BatchAnswer> & {
        message?: string;
      };
      if (response.status === 202 || (response.status === 400 && Array.isArray(body.rejected))) {
        return { kind: 'answered', answer: answerOf(body) };
      }
      if (response.status === 413) {
        return { kind: 'too-large' };
      }
      if (!RETRIABLE_STATUSES.has(response.status)) {
        throw new IngestFailedError(
          `ingest responded with ${response.status} to a batch: ${body.message ?? 'no message'}`,
        );
      }

      lastProblem = `ingest responded with ${response.status}: ${body.message ?? 'no message'}`;
      const retryAfterMs = Number(response.headers.get('retry-after')) * 1000;
      await this.backOff(attempt, attempts, initialDelayMs, maxDelayMs, retryAfterMs);
    }

    throw new IngestFailedError(`${lastProblem} (gave up after ${attempts} attempts)`);
  }

  private async backOff(
    attempt: number,
    attempts: number,
    initialDelayMs: number,
    maxDelayMs: number,
    retryAfterMs = Number.NaN,
  ): Promise<void> {
    if (attempt === attempts) {
      return;
    }

    const backoff = initialDelayMs * 2 ** (attempt - 1);
    const delay = Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : backoff;
    await this.wait(Math.min(delay, maxDelayMs));
  }
}

function answerOf(body: Partial<BatchAnswer>): BatchAnswer {
  return {
    accepted: body.accepted ?? 0,
    rejected: body.rejected ?? [],
    skipped: body.skipped ?? 0,
    unmapped: body.unmapped ?? [],
  };
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
