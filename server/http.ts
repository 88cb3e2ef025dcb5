import { createServer, type Server } from 'node:http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError, type DefinitionNode } from 'graphql';
import { schema } from './graphql/schema.js';
import type { Context } from './graphql/builder.js';
import { statementScope, type Database } from './storage/db.js';
import { readFromPrimary } from './storage/replicas.js';
import { ConflictError, NotFoundError, ValidationError } from './storage/errors.js';
import { GRAPHIQL_DEFAULT_QUERY } from './graphiql-query.js';
import { useConnectionArgumentChecks } from './graphql/connection-arguments.js';
import { compileOperation, finishJson } from './graphql/compiled.js';

export type NewsgraphYoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface AppOptions {
  db: Database;
  /** Where masked errors are reported; defaults to stderr as JSON lines. */
  logError?: (entry: Record<string, unknown>) => void;
  /** Answer the queries it can with one compiled SQL statement (server/graphql/compiled.ts). */
  compile?: boolean;
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
  // Pothos's own argument checks (a malformed cursor, `last` where only `first` is allowed).
  if (original instanceof PothosValidationError) return new GraphQLError(original.message, { path, extensions: { code: 'BAD_USER_INPUT' } });
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

/**
 * Answers a query that compileOperation can turn into one SQL statement with that statement; every
 * other operation runs through Pothos.
 */
function useCompiledQueries(db: Database, logError: (entry: Record<string, unknown>) => void): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const compiled = compileOperation(args.schema, args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>, db.provider);
      if (!compiled) return;
      try {
        const rows = await db.prisma.$queryRawUnsafe<{ data: string }[]>(compiled.sql, ...compiled.params);
        setResultAndStopExecution({ data: JSON.parse(finishJson(rows[0].data)) });
      } catch (error) {
        // Pothos answers instead; the failure is logged, as it means the compiler has a gap.
        logError({ level: 'warn', msg: 'compiled query failed; answered through Pothos', error: (error as Error).message });
      }
    },
  };
}

/**
 * Mutations read from the primary only: a replica may not yet hold what another server has just
 * written ("is this article already stored?").
 */
function useMutationsOnPrimary(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = args.document.definitions.find((d: DefinitionNode) => d.kind === 'OperationDefinition' && (!args.operationName || d.name?.value === args.operationName));
      if (operation?.kind === 'OperationDefinition' && operation.operation === 'mutation') {
        setExecuteFn((executionArgs) => readFromPrimary(() => executeFn(executionArgs)));
      }
    },
  };
}

/** Reports the SQL statements a request sent, for benchmarks and for whoever tunes a query. */
function useStatementCountHeader(): Plugin {
  return {
    onResponse({ response }) {
      const scope = statementScope.getStore();
      if (scope) response.headers.set('x-sql-statements', String(scope.count));
    },
  };
}

export function createApp({ db, logError = logToStderr, compile = process.env.COMPILE_QUERIES !== 'false' }: AppOptions): NewsgraphYoga {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: () => ({ db }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'newsgraph', defaultQuery: GRAPHIQL_DEFAULT_QUERY },
    renderGraphiQL,
    plugins: [useConnectionArgumentChecks(), useMutationsOnPrimary(), ...(compile ? [useCompiledQueries(db, logError)] : []), useStatementCountHeader()],
    maskedErrors: { maskError: (error) => maskError(error, logError) },
    // Yoga's own log would print client mistakes (bad variables) as errors; ours is maskError's.
    logging: process.env.NODE_ENV === 'test' ? false : 'warn',
  });
}

export function listen(app: NewsgraphYoga, port: number, host: string): Promise<Server> {
  // Each request counts its own SQL statements (the X-SQL-Statements response header).
  const server = createServer((req, res) => statementScope.run({ count: 0 }, () => app(req, res)));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
