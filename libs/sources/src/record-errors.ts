import type { FieldError, IamEvaluationEvent } from '../../contract/src/index.js';

/**
 * The outcome of reading one input record: the events it yields, or why it was rejected.
 * `raw` keeps the rejected record's text, so it can be sent to the dead-letter topic.
 */
export type RecordResult =
  | { line: number; ok: true; events: IamEvaluationEvent[] }
  | { line: number; ok: false; errors: FieldError[]; raw?: string };

/**
 * Everything a source reader found in one body. `skipped` counts records that are not IAM
 * evaluations, such as log lines of other components or `ApiCallAttempt` datagrams.
 * `unmapped` counts records the source could not map to IAM actions, per key such as
 * `s3.amazonaws.com:Foo`.
 */
export interface SourceReadResult {
  records: RecordResult[];
  skipped?: number;
  unmapped?: Array<{ key: string; count: number }>;
}

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
