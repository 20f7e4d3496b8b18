import type { IngestResult } from '../../events/ingest.service.js';

/** Maximum distinct rejection reasons listed in one report. The rest are only counted. */
const MAX_REASONS = 10;

/** Counts that the UDP listener logs in place of one line per problem. */
export interface DatagramReportSummary {
  records: number;
  accepted: number;
  rejected: number;
  skipped: number;
  unmapped: number;
  /** Records lost because Kafka or ingest failed. */
  failed: number;
  /** Records dropped because too many were waiting to be ingested. */
  dropped: number;
  reasons: Array<{ reason: string; count: number }>;
  unmappedKeys: Array<{ key: string; count: number }>;
  error?: string;
}

export interface ReportLogger {
  warn(summary: DatagramReportSummary, message: string): void;
}

/**
 * Counts the outcomes of UDP batches and logs them at most once per interval, so a client
 * that sends bad records in a loop produces one log line per interval, not one per record.
 * Only a forced report, such as the last one at shutdown, skips the wait. Intervals where
 * every record was accepted or skipped are not logged.
 */
export class DatagramReport {
  private summary = emptySummary();
  private readonly reasons = new Map<string, number>();
  private readonly unmappedKeys = new Map<string, number>();
  private lastLoggedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly intervalMs: number) {}

  /** Adds the outcome of one ingested batch of `records` records. */
  add(records: number, result: Partial<IngestResult>): void {
    const rejected = result.rejected ?? [];

    this.summary.records += records;
    this.summary.accepted += result.accepted ?? 0;
    this.summary.rejected += new Set(rejected.map((rejection) => rejection.line)).size;
    this.summary.skipped += result.skipped ?? 0;
    for (const { field, error } of rejected) {
      increment(this.reasons, `${field} ${error}`, 1);
    }
    for (const { key, count } of result.unmapped ?? []) {
      this.summary.unmapped += count;
      increment(this.unmappedKeys, key, count);
    }
  }

  /** Counts `records` that were received but lost, with the error that lost them. */
  fail(records: number, error: unknown): void {
    this.summary.records += records;
    this.summary.failed += records;
    this.summary.error = error instanceof Error ? error.message : String(error);
  }

  drop(records: number): void {
    this.summary.dropped += records;
  }

  /** Logs and resets the counts when the interval has passed, or at once when `force` is set. */
  logIfDue(logger: ReportLogger, now: number = Date.now(), force = false): void {
    const { rejected, unmapped, failed, dropped } = this.summary;
    if (rejected + unmapped + failed + dropped === 0) {
      return;
    }
    if (!force && now - this.lastLoggedAt < this.intervalMs) {
      return;
    }

    const reasons = mostFrequent(this.reasons).map(([reason, count]) => ({ reason, count }));
    const unmappedKeys = mostFrequent(this.unmappedKeys).map(([key, count]) => ({ key, count }));
    logger.warn(
      { ...this.summary, reasons, unmappedKeys },
      'SDK CSM datagrams were rejected, unmapped or lost',
    );
    this.lastLoggedAt = now;
    this.summary = emptySummary();
    this.reasons.clear();
    this.unmappedKeys.clear();
  }
}

function emptySummary(): DatagramReportSummary {
  return {
    records: 0,
    accepted: 0,
    rejected: 0,
    skipped: 0,
    unmapped: 0,
    failed: 0,
    dropped: 0,
    reasons: [],
    unmappedKeys: [],
  };
}

function increment(counts: Map<string, number>, key: string, amount: number): void {
  counts.set(key, (counts.get(key) ?? 0) + amount);
}

function mostFrequent(counts: Map<string, number>): Array<[string, number]> {
  return [...counts]
    .toSorted(
      ([leftKey, left], [rightKey, right]) => right - left || leftKey.localeCompare(rightKey),
    )
    .slice(0, MAX_REASONS);
}
