import type { SourceReadResult } from '../record-errors.js';
import { recordToResult, type LocalStackLogOptions } from './events.js';
import { groupLogLines } from './records.js';

/**
 * Reads LocalStack IAM enforcement logs (`ENFORCE_IAM=1` or `IAM_SOFT_MODE=1`, with `DEBUG=1`
 * for the permission lists) and turns every evaluated permission into one canonical event.
 * Each record's `line` is its first line, or the line that made it invalid. Lines that are no
 * IAM evaluation are counted in `skipped`; a cut-off or malformed IAM line is rejected with
 * its line number and reason. Log times carry no zone and are read as UTC.
 */
export function readLocalStackLogs(text: string, options: LocalStackLogOptions): SourceReadResult {
  const { records, skipped } = groupLogLines(text);

  return {
    records: records.map((record) => recordToResult(record, options)),
    skipped,
  };
}
