import { InvalidArgumentError } from './api-errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MIN_PAGE_SIZE = 1;
export const MAX_PAGE_SIZE = 100;

/** One item of a page with the cursor that points at it. */
export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A forward page of a list ordered by a unique key, in the shape of a Relay connection. */
export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Returns the page size for `first`, or throws InvalidArgumentError when it is out of range. */
export function resolvePageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) {
    return DEFAULT_PAGE_SIZE;
  }

  if (!Number.isInteger(first) || first < MIN_PAGE_SIZE || first > MAX_PAGE_SIZE) {
    throw new InvalidArgumentError(
      'first',
      `first must be an integer from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE}, got ${first}.`,
    );
  }

  return first;
}

/**
 * Builds a page from rows fetched with `limit = pageSize + 1`. The extra row is not returned,
 * and its presence sets hasNextPage.
 */
export function buildPage<T>(
  rows: T[],
  pageSize: number,
  cursorOf: (row: T) => string,
  hasPreviousPage: boolean,
  totalCount: number,
): Page<T> {
  const pageRows = rows.slice(0, pageSize);
  const edges = pageRows.map((node) => ({ cursor: cursorOf(node), node }));

  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > pageSize,
      hasPreviousPage,
      startCursor: edges.at(0)?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
