import { createServer, type Server } from 'node:http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { schema } from './graphql/schema.js';
import type { Context } from './graphql/builder.js';
import type { Database } from './storage/db.js';
import { ConflictError, NotFoundError, ValidationError } from './storage/errors.js';
import { GRAPHIQL_DEFAULT_QUERY } from './graphiql-query.js';
import { useConnectionArgumentChecks } from './graphql/connection-arguments.js';

export type NewsgraphYoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface AppOptions {
  db: Database;
  /** Where masked errors are reported; defaults to stderr as JSON lines. */
  logError?: (entry: Record<string, unknown>) => void;
}

const logToStderr = (entry: Record<string, unknown>) => process.stderr.write(`${JSON.stringify(entry)}\n`);

/**
 * Errors the client may see: the expected ones (bad input, not found, conflict) keep their
 * message and get a code; anything else is masked and logged here, never sent.
 */
function maskError(error: unknown, logError: (entry: Record<string, unknown>) => void): Error {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (original instanceof ValidationError) {
    return new GraphQLError(original.message, { path, extensions: { code: 'BAD_USER_INPUT', issues: original.issues } });
  }
  if (original instanceof NotFoundError) return new GraphQLError(original.message, { path, extensions: { code: 'NOT_FOUND', field: original.field } });
  if (original instanceof ConflictError) return new GraphQLError(original.message, { path, extensions: { code: 'CONFLICT', field: original.field } });
  // Errors raised by GraphQL itself (validation of the document, variable coercion) are safe to show.
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (original instanceof GraphQLError && !original.originalError) return original;
  logError({
    level: 'error',
    msg: 'unexpected error',
    path,
    error: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original),
  });
  return new GraphQLError('Unexpected error.', { path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

export function createApp({ db, logError = logToStderr }: AppOptions): NewsgraphYoga {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => ({ db }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'newsgraph', defaultQuery: GRAPHIQL_DEFAULT_QUERY },
    renderGraphiQL,
    plugins: [useConnectionArgumentChecks()],
    maskedErrors: { maskError: (error) => maskError(error, logError) },
    // Yoga's own log would print client mistakes (bad variables) as errors; ours is maskError's.
    logging: process.env.NODE_ENV === 'test' ? false : 'warn',
  });
}

export function listen(app: NewsgraphYoga, port: number, host: string): Promise<Server> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
