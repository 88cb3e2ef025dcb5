/**
 * Expected failures, of storage operations and of access. The GraphQL layer maps each to a typed
 * error (in a mutation's result union) or to an error code.
 */

export interface FieldIssue {
  /** Path of the offending input field, e.g. `input.statements[2].start`. */
  field: string;
  problem: string;
}

export class ValidationError extends Error {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super(
      issues.length === 1
        ? `Invalid input: ${issues[0].field}: ${issues[0].problem}`
        : `Invalid input: ${issues.length} problems, first ${issues[0].field}: ${issues[0].problem}`,
    );
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly field?: string,
  ) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** No valid credential where one is needed. */
export class UnauthorizedError extends Error {
  constructor(message = 'An API key is required: send "Authorization: Bearer <key>".') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** A valid credential without the scope the operation needs. */
export class ForbiddenError extends Error {
  constructor(readonly requiredScope: string) {
    super(`This API key lacks the "${requiredScope}" scope.`);
    this.name = 'ForbiddenError';
  }
}

/** A request over one of the server's limits (see the README's limits table). */
export class LimitExceededError extends Error {
  constructor(
    readonly limit: string,
    readonly maximum: number,
    readonly actual: number | null,
    message: string,
    /** Seconds until the request may be retried (rate limits). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'LimitExceededError';
  }
}
