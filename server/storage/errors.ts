/** Expected failures of storage operations. The GraphQL layer maps each to a typed error. */

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
