/** A request argument (query parameter, path parameter or GraphQL argument) is invalid. */
export class InvalidArgumentError extends Error {
  readonly code = 'INVALID_ARGUMENT';

  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidArgumentError';
  }
}

/** A database row does not have the shape the API expects, so the request cannot be served. */
export class StoredDataError extends Error {
  readonly code = 'STORED_DATA_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'StoredDataError';
  }
}
