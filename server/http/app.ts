import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { getOperationAST, type ExecutionResult } from 'graphql';
import { schema } from '../graphql/schema.js';
import type { Context, RequestAuth } from '../graphql/builder.js';
import { isDatabaseUnavailable, requestScope, type Database } from '../storage/db.js';
import { projectRoot } from '../storage/migrate.js';
import { readFromPrimary } from '../storage/replicas.js';
import { useGraphiQLPage } from './graphiql.js';
import { useConnectionArgumentChecks } from '../graphql/connection-arguments.js';
import { compileOperation } from '../graphql/compiled.js';
import { defaultSettings, type Settings } from '../settings.js';
import { errorResponse, useAccess } from './access.js';
import { maskError, yogaLogger, type Log } from './errors.js';
import { useIntrospectionAccess, useNoIntrospection, useQueryLimits, useRequestTimeout, useTextInputChecks } from './limits.js';
import { Metrics } from './metrics.js';
import { useOperationsEndpoints, useRequestMetrics } from './operations.js';

export type NewsgraphYoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface AppOptions {
  db: Database;
  /** Limits and switches; default: defaultSettings() (the README's defaults, reads public). */
  settings?: Settings;
  /** Where masked errors are reported; defaults to stderr as JSON lines. */
  logError?: Log;
  /** Where each request is logged as a JSON line; none by default. */
  logRequest?: Log;
  /** Answer the queries it can with one compiled SQL statement (server/graphql/compiled.ts). */
  compile?: boolean;
  /**
   * The development key: preset in GraphiQL's headers for a page asked for by a loopback Host, and
   * the only development key this server accepts (each server's own; see serve.ts).
   */
  graphiqlKey?: string;
  metrics?: Metrics;
}

/** The client package's persisted-documents manifest: sha256 hash → operation text. */
export const PERSISTED_DOCUMENTS = join(projectRoot, 'client', 'src', 'generated', 'persisted-documents.json');

function loadManifest(path: string): Map<string, string> {
  if (!existsSync(path)) return new Map();
  return new Map(Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>));
}

const logToStderr = (entry: Record<string, unknown>) => process.stderr.write(`${JSON.stringify(entry)}\n`);

/**
 * Answers a query that compileOperation can turn into one SQL statement with that statement; every
 * other operation runs through Pothos.
 */
function useCompiledQueries(db: Database, logError: Log): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      // Scope checks live on the Pothos fields: a request that may not read is left to them.
      if (!(args.contextValue as unknown as Context).auth.canRead) return;
      const compiled = compileOperation(args.schema, args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>, db.provider);
      if (!compiled) return;
      try {
        const rows = await db.prisma.$queryRawUnsafe<{ data: string }[]>(compiled.sql, ...compiled.params);
        const json = rows[0].data;
        setResultAndStopExecution(db.provider === 'sqlite' ? preserialized(json) : { data: JSON.parse(json) });
      } catch (error) {
        // Pothos answers instead (and reports an unreachable database itself); any other failure is
        // logged, as it means the compiler has a gap.
        if (!isDatabaseUnavailable(error)) logError({ level: 'warn', msg: 'compiled query failed; answered through Pothos', error: (error as Error).message });
      }
    },
  };
}

/**
 * A result whose `data` is already the JSON that JSON.stringify would print: SQLite's compact JSON of
 * strings, integers and nulls, with one key per name (the compiler leaves floats and repeated keys to
 * Pothos; PostgreSQL's JSON has spaces, so its answers are parsed). Yoga's result processor
 * stringifies a result with the result's own `stringify` when it has one, so the text goes out as the
 * database wrote it, without a parse and a re-serialisation (~165 KB for the benchmark's nested
 * query). `data` is parsed only if something reads it; a result that something extended is printed
 * in full.
 */
function preserialized(json: string): ExecutionResult & { stringify(result: ExecutionResult): string } {
  let data: Record<string, unknown> | undefined;
  const result = {
    get data() {
      return (data ??= JSON.parse(json) as Record<string, unknown>);
    },
    stringify: (printed: ExecutionResult) => (printed === result && !printed.errors && !printed.extensions ? `{"data":${json}}` : JSON.stringify(printed)),
  };
  return result;
}

/**
 * Mutations read from the primary only: a replica may not yet hold what another server has just
 * written ("is this article already stored?").
 */
function useMutationsOnPrimary(): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation === 'mutation') {
        setExecuteFn((executionArgs) => readFromPrimary(() => executeFn(executionArgs)));
      }
    },
  };
}

/** Reports the SQL statements a request sent, for benchmarks and for whoever tunes a query. */
function useStatementCountHeader(): Plugin {
  return {
    onResponse({ response }) {
      const scope = requestScope.getStore();
      if (scope) response.headers.set('x-sql-statements', String(scope.count));
    },
  };
}

export function createApp({ db, settings = defaultSettings(), logError = logToStderr, logRequest, compile = process.env.COMPILE_QUERIES !== 'false', graphiqlKey, metrics = new Metrics() }: AppOptions): NewsgraphYoga {
  const auths = new WeakMap<Request, RequestAuth>();
  const manifest = loadManifest(process.env.PERSISTED_DOCUMENTS ?? PERSISTED_DOCUMENTS);
  if (settings.trustedDocuments && manifest.size === 0) {
    throw new Error(`TRUSTED_DOCUMENTS is on, but the persisted-documents manifest is missing or empty: ${process.env.PERSISTED_DOCUMENTS ?? PERSISTED_DOCUMENTS} (npm run codegen writes it)`);
  }
  const anyOrigin = settings.corsOrigins.includes('*');
  // `*` lets any site read answers, never with credentials: Yoga would echo the request's Origin
  // and allow credentials (cookies, HTTP authentication). Keys go in an Authorization header that
  // the page's script sets, which needs no credentials mode.
  const cors = settings.corsOrigins.length === 0
    ? false
    : { origin: anyOrigin ? '*' : settings.corsOrigins, ...(anyOrigin ? { credentials: false } : {}), methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', 'x-request-id'], exposedHeaders: ['x-request-id', 'retry-after'] };
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    // A request the access plugin did not admit may not even read.
    context: ({ request }) => ({ db, auth: auths.get(request) ?? { key: null, scopes: new Set(), canRead: false } }),
    graphqlEndpoint: '/graphql',
    // Yoga's own empty /health answer would shadow ours (server/http/operations.ts).
    healthCheckEndpoint: '/health/yoga',
    landingPage: false,
    cors,
    // Ours (useGraphiQLPage) is compressed, cached and behind the rate limit.
    graphiql: false,
    plugins: [
      useRequestMetrics(metrics, logRequest ?? null),
      useOperationsEndpoints(db, metrics),
      useAccess({ db, settings, metrics, log: logError, auths, developmentKey: graphiqlKey }),
      useGraphiQLPage({ enabled: settings.graphiql && !settings.trustedDocuments, developmentKey: graphiqlKey }),
      usePersistedOperations({
        getPersistedOperation: (hash) => manifest.get(hash) ?? manifest.get(`sha256:${hash}`) ?? null,
        allowArbitraryOperations: !settings.trustedDocuments,
        customErrors: {
          notFound: { message: 'Unknown persisted operation: this server accepts only the operations of the client package (TRUSTED_DOCUMENTS).', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
          keyNotFound: { message: 'Only persisted operations are accepted: send extensions.persistedQuery.sha256Hash (TRUSTED_DOCUMENTS).', extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } },
          persistedQueryOnly: { message: 'Only persisted operations are accepted: send extensions.persistedQuery.sha256Hash (TRUSTED_DOCUMENTS).', extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } },
        },
      }),
      ...(settings.introspection ? [] : [useNoIntrospection()]),
      useIntrospectionAccess(),
      // Paging arguments first: `first: 500` is better told as such than as a cost over the limit.
      useConnectionArgumentChecks(),
      useTextInputChecks(),
      useQueryLimits(settings.limits),
      useRequestTimeout(settings.limits.requestTimeoutMs),
      useMutationsOnPrimary(),
      ...(compile ? [useCompiledQueries(db, logError)] : []),
      useStatementCountHeader(),
    ],
    maskedErrors: { maskError: (error) => maskError(error, logError) },
    logging: yogaLogger(logError),
  });
  // A request through yoga.fetch (tests, an embedding app) gets its own scope (id, SQL statement
  // count), as one through the HTTP server does (listen).
  // (Yoga's instance is a Proxy that ignores assignments: this one wraps it.)
  const fetch = ((...args: Parameters<NewsgraphYoga['fetch']>) =>
    requestScope.getStore() ? yoga.fetch(...args) : requestScope.run({ count: 0 }, () => yoga.fetch(...args))) as NewsgraphYoga['fetch'];
  return new Proxy(yoga, { get: (target, prop, receiver) => (prop === 'fetch' ? fetch : Reflect.get(target, prop, receiver)) });
}

/**
 * The HTTP server: each request gets its scope (id, SQL statement count), and a body over
 * `maxBodyBytes` is refused (413) before it is read; a body of unknown length is refused (411).
 */
export function listen(app: NewsgraphYoga, port: number, host: string, limits = defaultSettings().limits): Promise<Server> {
  const server = createServer((req, res) => {
    const send = async (response: Response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    };
    if (req.method === 'POST') {
      const length = req.headers['content-length'];
      if (length == null) {
        void send(errorResponse(411, 'Send the request body with a Content-Length header.', { code: 'BAD_REQUEST' }));
        req.resume();
        return;
      }
      if (Number(length) > limits.maxBodyBytes) {
        void send(errorResponse(413, `The request body is ${length} bytes; the limit is ${limits.maxBodyBytes} (MAX_BODY_BYTES).`, { code: 'LIMIT_EXCEEDED', limit: 'bodySize', maximum: limits.maxBodyBytes, actual: Number(length) }, { connection: 'close' }));
        req.resume();
        return;
      }
    }
    requestScope.run({ count: 0 }, () => app(req, res));
  });
  // Slow clients cannot hold a connection open for ever.
  server.headersTimeout = 30_000;
  server.requestTimeout = limits.requestTimeoutMs + 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
