import { validateEvaluationEvent } from '../../contract/src/index.js';

import { parseJsonLine, splitLines } from './ndjson.js';
import type { RecordResult } from './record-errors.js';

/**
 * Reads canonical events from a JSON array body or an NDJSON body. For an array, `line` is
 * the 1-based position of the record in the array; for NDJSON it is the line number.
 */
export function readCanonicalEvents(body: string): RecordResult[] {
  const trimmed = body.trimStart();

  if (trimmed.startsWith('[')) {
    const parsed = parseJsonLine(body);
    if (!parsed.ok) {
      return [{ line: 1, ok: false, errors: [{ field: '(body)', error: parsed.error }] }];
    }

    return (parsed.value as unknown[]).map((value, index) => {
      const result = toResult(index + 1, value);
      return result.ok ? result : { ...result, raw: rawText(value) };
    });
  }

  return splitLines(body).map(({ line, text }) => {
    const parsed = parseJsonLine(text);
    if (!parsed.ok) {
      return { line, ok: false, errors: [{ field: '(line)', error: parsed.error }], raw: text };
    }

    const result = toResult(line, parsed.value);
    return result.ok ? result : { ...result, raw: text };
  });
}

function toResult(line: number, value: unknown): RecordResult {
  const validation = validateEvaluationEvent(value);
  if (!validation.ok) {
    return { line, ok: false, errors: validation.errors };
  }

  return { line, ok: true, events: [validation.event] };
}

/** JSON text of a rejected array element, or a placeholder when it is too deeply nested. */
function rawText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return '(not serialisable: nested too deeply)';
  }
}
