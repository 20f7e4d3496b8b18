import type { z } from 'zod';

import { evaluationEventSchema, MAX_EVENT_JSON_LENGTH, type IamEvaluationEvent } from './event.js';

/** A field-level problem with one input record. */
export interface FieldError {
  field: string;
  error: string;
}

export type ValidationResult =
  { ok: true; event: IamEvaluationEvent } | { ok: false; errors: FieldError[] };

/** Formats a zod path as `request.region` or `principal.arn`, or `(record)` for the root. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) {
    return '(record)';
  }

  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: formatFieldPath(issue.path),
    error: issue.message,
  }));
}

/** Validates one canonical event, returning every field error rather than the first. */
export function validateEvaluationEvent(value: unknown): ValidationResult {
  const size = jsonLength(value);
  if (size === undefined || size > MAX_EVENT_JSON_LENGTH) {
    return {
      ok: false,
      errors: [
        {
          field: '(record)',
          error: `is larger than ${MAX_EVENT_JSON_LENGTH} characters of JSON or nested too deeply; split it into smaller records`,
        },
      ],
    };
  }

  const parsed = evaluationEventSchema.safeParse(value);
  if (parsed.success) {
    return { ok: true, event: parsed.data };
  }

  return { ok: false, errors: toFieldErrors(parsed.error) };
}

/** Length of the value's JSON text, or undefined when it is nested too deeply to serialise. */
export function jsonLength(value: unknown): number | undefined {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return undefined;
  }
}
