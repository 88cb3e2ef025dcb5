/** One error of a GraphQL response, as the server sent it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: { code?: string; [key: string]: unknown };
}

/** A typed failure of a mutation (the error members of its result union). */
export interface MutationErrorEntry {
  __typename: string;
  message: string;
  [key: string]: unknown;
}

export type NewsgraphErrorKind =
  /** The server answered with GraphQL errors (bad input, not found, unexpected...). */
  | 'graphql'
  /** A mutation returned one of its typed errors (ValidationError, NotFoundError, ConflictError, UnauthorizedError, ForbiddenError, LimitExceededError). */
  | 'mutation'
  /** The server answered with an HTTP error and no GraphQL result. */
  | 'http'
  /** No answer: the server is down or unreachable, or the request timed out. */
  | 'network';

/**
 * Every failure of a newsgraph request. `errors` holds the GraphQL errors with their codes and paths;
 * `status` the HTTP status when there was an answer; `cause` the underlying error for network failures.
 */
export class NewsgraphError extends Error {
  readonly kind: NewsgraphErrorKind;
  readonly errors: GraphQLErrorEntry[];
  readonly mutationError?: MutationErrorEntry;
  readonly status?: number;
  /** Whatever data came back beside the errors (GraphQL allows partial results). */
  readonly data?: unknown;

  constructor(
    kind: NewsgraphErrorKind,
    message: string,
    details: { errors?: GraphQLErrorEntry[]; mutationError?: MutationErrorEntry; status?: number; data?: unknown; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'NewsgraphError';
    this.kind = kind;
    this.errors = details.errors ?? [];
    this.mutationError = details.mutationError;
    this.status = details.status;
    this.data = details.data;
  }

  /** The codes of the GraphQL errors (`BAD_USER_INPUT`, `NOT_FOUND`, ...), or the mutation error's type. */
  get codes(): string[] {
    if (this.mutationError) return [this.mutationError.__typename];
    return this.errors.map((e) => e.extensions?.code ?? 'UNKNOWN');
  }
}
