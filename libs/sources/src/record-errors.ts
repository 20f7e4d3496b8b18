import type { FieldError, IamEvaluationEvent } from '../../contract/src/index.js';

/** The outcome of reading one input record: the events it yields, or why it was rejected. */
export type RecordResult =
  | { line: number; ok: true; events: IamEvaluationEvent[] }
  | { line: number; ok: false; errors: FieldError[] };

/** A record-level problem with a stable field path, thrown while a record is read. */
export class InvalidRecordError extends Error {
  readonly code = 'INVALID_RECORD';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

export function isInvalidRecordError(error: unknown): error is InvalidRecordError {
  return error instanceof InvalidRecordError;
}
