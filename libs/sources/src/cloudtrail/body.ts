import { jsonLength } from '../../../contract/src/index.js';
import { parseJsonLine, splitLines } from '../ndjson.js';

import { isObject } from './parameters.js';

/**
 * One record found in a body: its value, or why it could not be read. `line` is the record's
 * 1-based position in `Records` (or in a JSON array), or its line number in NDJSON.
 */
export type BodyRecord =
  | { line: number; ok: true; value: unknown; raw: string }
  | { line: number; ok: false; field: string; error: string; raw?: string };

const LOG_FILE_START = /^\s*\{\s*"Records"\s*:/;

/**
 * Splits a body into records. Three layouts are accepted: a CloudTrail log file
 * (`{"Records": [...]}`), a JSON array of records, and NDJSON with one record per line,
 * where a line may also be a whole log file. A single record object is read as one record.
 */
export function splitCloudTrailBody(body: string): BodyRecord[] {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const trimmed = text.trimStart();
  if (trimmed === '') {
    return [];
  }

  if (LOG_FILE_START.test(trimmed) || trimmed.startsWith('[')) {
    return readWholeBody(text);
  }

  if (trimmed.startsWith('{')) {
    const whole = parseJsonLine(text);
    if (whole.ok) {
      return recordsOf(whole.value, 1, true);
    }
  }

  return splitLines(text).flatMap(({ line, text: lineText }) => {
    const parsed = parseJsonLine(lineText);
    if (!parsed.ok) {
      return [{ line, ok: false as const, field: '(line)', error: parsed.error, raw: lineText }];
    }

    return recordsOf(parsed.value, line, false);
  });
}

function readWholeBody(text: string): BodyRecord[] {
  const parsed = parseJsonLine(text);
  if (!parsed.ok) {
    return [{ line: 1, ok: false, field: '(body)', error: parsed.error }];
  }

  if (Array.isArray(parsed.value)) {
    return parsed.value.map((value, index) => record(index + 1, value));
  }

  return recordsOf(parsed.value, 1, true);
}

/**
 * Returns the records of a log file, or `value` itself as one record. Records of a whole-body log
 * file are numbered by position; those of a log file on one NDJSON line share its number.
 */
function recordsOf(value: unknown, line: number, numberByPosition: boolean): BodyRecord[] {
  if (!isObject(value) || !('Records' in value)) {
    return [record(line, value)];
  }

  const records = value.Records;
  if (!Array.isArray(records)) {
    return [{ line, ok: false, field: 'Records', error: 'must be an array of CloudTrail records' }];
  }

  return records.map((item, index) => record(numberByPosition ? index + 1 : line, item));
}

/** Deepest nesting a record may have; real CloudTrail records stay far below it. */
const MAX_RECORD_DEPTH = 64;

function record(line: number, value: unknown): BodyRecord {
  if (jsonLength(value) === undefined || depthOf(value, MAX_RECORD_DEPTH) > MAX_RECORD_DEPTH) {
    return {
      line,
      ok: false,
      field: '(record)',
      error: `is nested more than ${MAX_RECORD_DEPTH} levels deep, which no CloudTrail record is`,
    };
  }

  return { line, ok: true, value, raw: JSON.stringify(value) };
}

/** Nesting depth of a JSON value, counted up to `limit + 1` so deep values stop early. */
function depthOf(value: unknown, limit: number): number {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  let deepest = 0;

  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) {
      return deepest;
    }
    if (typeof node === 'object' && node !== null) {
      for (const child of Object.values(node)) {
        pending.push({ node: child, depth: depth + 1 });
      }
    }
  }

  return deepest;
}
