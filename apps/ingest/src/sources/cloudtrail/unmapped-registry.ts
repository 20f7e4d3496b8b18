import { Injectable } from '@nestjs/common';

import type { CloudTrailReadResult } from '../../../../../libs/sources/src/index.js';

/** One `eventSource:eventName` the mapping table lacks, as this process has seen it. */
export interface UnmappedCall {
  key: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** Records that yielded no event for one reason and `eventSource:eventName`. */
export interface SkippedCalls {
  reason: string;
  key: string;
  count: number;
}

export interface UnmappedReport {
  /** When this process started counting; counts cover this process only. */
  since: string;
  unmapped: UnmappedCall[];
  skipped: SkippedCalls[];
  /** Records not counted per key because the key limit was reached. */
  uncountedRecords: number;
}

/**
 * Upper bound on distinct keys kept in memory, because record keys come from client input.
 * NOTE: records with keys past this bound only add to `uncountedRecords`.
 */
export const MAX_TRACKED_KEYS = 10_000;

/**
 * Counts, in memory and per ingest process, the CloudTrail calls the mapping table lacks and
 * the records skipped, so `GET /v1/sources/cloudtrail/unmapped` can list them. Counts reset
 * when the process restarts; the Prometheus counter `policy_ledger_ingest_unmapped_total`
 * keeps the same per-key totals for scraping.
 */
@Injectable()
export class CloudTrailUnmappedRegistry {
  private readonly since = new Date().toISOString();
  private readonly unmapped = new Map<string, UnmappedCall>();
  private readonly skipped = new Map<string, SkippedCalls>();
  private uncountedRecords = 0;

  record(
    result: Pick<CloudTrailReadResult, 'unmapped' | 'skippedByReason'>,
    at = new Date(),
  ): void {
    const time = at.toISOString();

    for (const { key, count } of result.unmapped) {
      const entry = this.unmapped.get(key);
      if (entry !== undefined) {
        this.unmapped.set(key, { ...entry, count: entry.count + count, lastSeen: time });
      } else if (this.hasRoom()) {
        this.unmapped.set(key, { key, count, firstSeen: time, lastSeen: time });
      } else {
        this.uncountedRecords += count;
      }
    }

    for (const { reason, key, count } of result.skippedByReason) {
      const id = `${reason} ${key}`;
      const entry = this.skipped.get(id);
      if (entry !== undefined) {
        this.skipped.set(id, { ...entry, count: entry.count + count });
      } else if (this.hasRoom()) {
        this.skipped.set(id, { reason, key, count });
      } else {
        this.uncountedRecords += count;
      }
    }
  }

  /** Unmapped calls by count, highest first, then by key; skipped records by reason and key. */
  report(): UnmappedReport {
    return {
      since: this.since,
      unmapped: [...this.unmapped.values()].toSorted(
        (a, b) => b.count - a.count || a.key.localeCompare(b.key),
      ),
      skipped: [...this.skipped.values()].toSorted(
        (a, b) => a.reason.localeCompare(b.reason) || a.key.localeCompare(b.key),
      ),
      uncountedRecords: this.uncountedRecords,
    };
  }

  private hasRoom(): boolean {
    return this.unmapped.size + this.skipped.size < MAX_TRACKED_KEYS;
  }
}
