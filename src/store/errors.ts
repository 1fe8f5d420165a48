/** Thrown when a write would duplicate a unique field; `field` and `value` name the clash. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';

  /** Builds the error for the record field that clashed and its value. */
  constructor(
    readonly field: string,
    readonly value: string,
    options?: ErrorOptions,
  ) {
    super(
      `expected a unique ${field}, but "${value}" already exists; use another ${field}`,
      options,
    );
  }
}

/** Thrown by `list()` for a cursor it did not issue (bad base64url, JSON or shape). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';

  /** Builds the error quoting the rejected cursor. */
  constructor(cursor: string, options?: ErrorOptions) {
    super(
      `expected a cursor from a previous page, got "${cursor}"; restart from the first page`,
      options,
    );
  }
}
