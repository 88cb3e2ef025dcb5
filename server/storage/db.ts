import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../generated/postgres/client.js';
import { databaseProvider, sqliteFilePath } from './migrate.js';
import { parseReplicaUrls, redactUrl, routeReads } from './replicas.js';

/**
 * Both generated clients have the same models and methods; the SQLite one's type stands for both,
 * so that the rest of the code is written once.
 */
export type Db = SqliteClient;
export type Provider = 'sqlite' | 'postgresql';
/** The client an interactive transaction gives its callback. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export const DEFAULT_DATABASE_URL = 'file:./data/newsgraph.db';

/** One HTTP request: its id (X-Request-Id) and its statements, counted apart from the others running at the same time. */
export const requestScope = new AsyncLocalStorage<{ count: number; requestId?: string }>();

/** Counts SQL statements sent to the driver: the only honest way to prove "no N+1". */
export class StatementCounter {
  count = 0;
  /** When set, the statements themselves are kept too (tests read their query plans). */
  recorded: { sql: string; args: unknown[] }[] | null = null;
  reset(): number {
    const was = this.count;
    this.count = 0;
    if (this.recorded) this.recorded = [];
    return was;
  }
}

export interface Database {
  prisma: Db;
  provider: Provider;
  url: string;
  statements: StatementCounter;
  close(): Promise<void>;
  /**
   * With read replicas (DATABASE_REPLICA_URLS, PostgreSQL only): `prisma` sends reads to them and
   * writes and transactions to the primary; `statements` counts both, these count each side.
   */
  replication?: { primary: StatementCounter; replicas: { url: string; statements: StatementCounter }[] };
}

export interface OpenOptions {
  /** postgres:// URLs of streaming replicas of `url`; default: DATABASE_REPLICA_URLS. Ignored for SQLite. */
  replicaUrls?: string[];
  /** PostgreSQL: the server cancels any statement that runs longer (the request timeout). */
  statementTimeoutMs?: number;
  /** PostgreSQL connections in the pool; default: DATABASE_POOL_SIZE, else 10. */
  poolSize?: number;
  /**
   * How long a transaction may wait to start (for a pooled connection), and on PostgreSQL how long a
   * statement may wait for a lock (the write lock included), before the request fails as busy;
   * default TRANSACTION_MAX_WAIT_MS.
   */
  transactionMaxWaitMs?: number;
}

/**
 * Prisma's default (2 s) is shorter than the wait for a pooled connection while many requests run:
 * under the benchmark's ingest load on PostgreSQL, ingests failed at 2 s that would have started a
 * moment later. 20 s stays below the request timeout's default, so that a client waiting this long
 * gets 503 and Retry-After rather than a dropped connection.
 */
export const TRANSACTION_MAX_WAIT_MS = 20_000;

/** PostgreSQL: how long to wait for a connection before the request fails as unavailable. */
const CONNECT_TIMEOUT_MS = 5_000;

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, connection_failure and the like.
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006',
]);
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist']);
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database server|server closed the connection|the database system is (shutting down|starting up)/i;

/**
 * An error and the errors it wraps: `cause`, and for raw queries Prisma's `meta.driverAdapterError`,
 * whose cause holds the database's own code.
 */
function* errorChain(error: unknown): Generator<Record<string, unknown>> {
  const pending = [error];
  for (let seen = 0; pending.length && seen < 16; seen++) {
    const e = pending.shift();
    if (!e || typeof e !== 'object') continue;
    const record = e as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    yield e as Record<string, unknown>;
    pending.push(record.cause, record.meta?.driverAdapterError);
  }
}

/**
 * Whether an error means the database cannot be reached (stopped, restarting, overloaded): the
 * request may succeed later, so it is answered 503, not as a fault of ours.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of errorChain(error)) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.originalCode === 'string' && UNAVAILABLE_CODES.has(e.originalCode)) return true;
    if (typeof e.kind === 'string' && UNAVAILABLE_KINDS.has(e.kind)) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * PostgreSQL's lock_not_available (the write lock was not free within lock_timeout),
 * serialization_failure and deadlock_detected: the transaction was rolled back and may be sent again.
 */
const BUSY_CODES = new Set(['55P03', '40001', '40P01']);

/**
 * Whether a write could not get its turn in time: no pooled connection within the transaction's
 * maxWait, or the write lock not free within lock_timeout. Nothing was written, and the same
 * request may succeed a moment later, so it is answered 503 with Retry-After, not as a fault of ours.
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (const e of errorChain(error)) {
    if (typeof e.code === 'string' && BUSY_CODES.has(e.code)) return true;
    if (typeof e.originalCode === 'string' && BUSY_CODES.has(e.originalCode)) return true;
    if (typeof e.message === 'string' && /Unable to start a transaction in the given time/.test(e.message)) return true;
  }
  return false;
}

/** PostgreSQL cancelled the statement at statement_timeout (query_canceled, 57014). */
export function isStatementTimeout(error: unknown): boolean {
  for (const e of errorChain(error)) if (e.code === '57014' || e.originalCode === '57014') return true;
  return false;
}

function countQueries<T extends object>(target: T, counter: StatementCounter, perRequest: boolean): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'queryRaw' || prop === 'executeRaw') {
        return (...args: unknown[]) => {
          counter.count += 1;
          const scope = perRequest ? requestScope.getStore() : undefined;
          if (scope) scope.count += 1;
          const query = args[0] as { sql: string; args: unknown[] };
          counter.recorded?.push({ sql: query.sql, args: query.args });
          return value.apply(obj, args);
        };
      }
      if (prop === 'startTransaction') {
        return async (...args: unknown[]) => countQueries((await value.apply(obj, args)) as Transaction, counter, perRequest);
      }
      return value.bind(obj);
    },
  });
}

/** `perRequest`: also count in the request's scope (X-SQL-Statements); false for the per-side counters stacked on top. */
/** The factory, with each adapter it connects passed through `wrap`: how every layer below is added. */
function onConnect(factory: SqlDriverAdapterFactory, wrap: (adapter: SqlDriverAdapter) => SqlDriverAdapter): SqlDriverAdapterFactory {
  return new Proxy(factory, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop === 'connect') return async () => wrap((await factory.connect()) as SqlDriverAdapter);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

function countingFactory(factory: SqlDriverAdapterFactory, counter: StatementCounter, perRequest = true): SqlDriverAdapterFactory {
  return onConnect(factory, (adapter) => countQueries(adapter, counter, perRequest));
}

/**
 * Prisma's query interpreter sends the independent parts of one operation at the same time (the
 * relations a findMany selects, for instance). Outside a transaction each takes its own pooled
 * connection; inside one they all share the transaction's connection, and pg then queues them
 * itself, which is deprecated (a warning in every run) and goes away in pg 9. So a transaction's
 * statements wait here for the one before to finish, in the order they were sent: the order pg's
 * own queue ran them in, on the same connection.
 */
const SENT_IN_TURN = new Set<string | symbol>(['queryRaw', 'executeRaw', 'createSavepoint', 'rollbackToSavepoint', 'releaseSavepoint']);

function oneStatementAtATime(transaction: Transaction): Transaction {
  let previous: Promise<unknown> = Promise.resolve();
  return new Proxy(transaction, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      if (!SENT_IN_TURN.has(prop)) return value.bind(obj);
      return (...args: unknown[]) => {
        const send = () => value.apply(obj, args) as Promise<unknown>;
        // A failed statement must not hold up the next (Prisma sends the ROLLBACK through here).
        const result = previous.then(send, send);
        previous = result.catch(() => undefined);
        return result;
      };
    },
  });
}

/** PostgreSQL: every transaction the adapter starts sends its statements one at a time. */
function transactionsInSequence(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return onConnect(factory, (adapter) =>
    new Proxy(adapter, {
      get(target, name, self) {
        const member = Reflect.get(target, name, self);
        if (typeof member !== 'function') return member;
        if (name === 'startTransaction') {
          return async (...args: unknown[]) => oneStatementAtATime((await member.apply(target, args)) as Transaction);
        }
        return member.bind(target);
      },
    }),
  );
}

/**
 * SQL functions that SQLite lacks, registered on the adapter's better-sqlite3 connection:
 * `global_id(type, id)`, the Relay global id (base64 of `Type:id`, as @pothos/plugin-relay encodes
 * it), which the compiled queries (server/graphql/compiled.ts) print in SQL. The adapter keeps its
 * connection as `client`; if a new version stops doing so, opening the database says so at once.
 */
function withSqlFunctions(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return onConnect(factory, (adapter) => {
    const client = (adapter as unknown as { client?: { function?: (name: string, options: object, fn: (...args: unknown[]) => unknown) => void } }).client;
    if (typeof client?.function !== 'function') throw new Error('@prisma/adapter-better-sqlite3 no longer exposes its connection as `client`: global_id() cannot be registered (server/storage/db.ts)');
    client.function('global_id', { deterministic: true }, (type, id) => Buffer.from(`${type}:${id}`).toString('base64'));
    return adapter;
  });
}

/** Opens the database named by `url` (already migrated: see migrateDatabase). */
const providers = new WeakMap<object, Provider>();

/** The database behind a client that openDatabase made: storage code that must differ asks here. */
export function providerOf(prisma: Db): Provider {
  return providers.get(prisma) ?? 'sqlite';
}

export async function openDatabase(url: string = DEFAULT_DATABASE_URL, options: OpenOptions = {}): Promise<Database> {
  const provider = databaseProvider(url);
  const statements = new StatementCounter();
  const transactionOptions = { maxWait: options.transactionMaxWaitMs ?? TRANSACTION_MAX_WAIT_MS };
  const replicaUrls = options.replicaUrls ?? parseReplicaUrls(process.env.DATABASE_REPLICA_URLS);
  if (provider === 'sqlite') {
    if (replicaUrls.length) {
      process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'DATABASE_REPLICA_URLS is ignored: read replicas need PostgreSQL', database: 'sqlite' })}\n`);
    }
    const factory = new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: 10_000 });
    const prisma = new SqliteClient({ adapter: countingFactory(withSqlFunctions(factory), statements) as PrismaBetterSqlite3, transactionOptions });
    // WAL lets readers go on while an ingest writes; foreign keys make the cascades real.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    statements.reset();
    providers.set(prisma, provider);
    return { prisma, provider, url, statements, close: () => prisma.$disconnect() };
  }
  const max = options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10);
  // lock_timeout bounds a writer's wait for its turn (lockWrites) as maxWait bounds its wait for a
  // connection: without it, writers of several server processes would wait inside their
  // transactions until the transaction's own timeout, and fail as an unexpected error.
  const poolOptions = {
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    lock_timeout: transactionOptions.maxWait,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  };
  const factory = transactionsInSequence(new PrismaPg({ connectionString: url, ...poolOptions }));
  if (replicaUrls.length === 0) {
    const prisma = new PostgresClient({ adapter: countingFactory(factory, statements) as PrismaPg, transactionOptions }) as unknown as Db;
    providers.set(prisma, provider);
    return { prisma, provider, url, statements, close: () => prisma.$disconnect() };
  }
  // One client (and pool of DATABASE_POOL_SIZE) per replica; each statement counts in `statements`
  // and in its own side's counter.
  for (const replicaUrl of replicaUrls) {
    if (databaseProvider(replicaUrl) !== 'postgresql') throw new Error(`DATABASE_REPLICA_URLS: not a postgres:// URL: ${redactUrl(replicaUrl)}`);
  }
  const primaryCounter = new StatementCounter();
  const primary = new PostgresClient({
    adapter: countingFactory(countingFactory(factory, statements), primaryCounter, false) as PrismaPg,
    transactionOptions,
  }) as unknown as Db;
  const replicas = replicaUrls.map((replicaUrl) => {
    const counter = new StatementCounter();
    const replicaFactory = transactionsInSequence(new PrismaPg({ connectionString: replicaUrl, ...poolOptions }));
    const client = new PostgresClient({
      adapter: countingFactory(countingFactory(replicaFactory, statements), counter, false) as PrismaPg,
      transactionOptions,
    }) as unknown as Db;
    return { url: replicaUrl, client, statements: counter };
  });
  const routed = routeReads(primary, url, replicas);
  providers.set(routed.prisma, provider);
  return {
    prisma: routed.prisma,
    provider,
    url,
    statements,
    close: routed.close,
    replication: { primary: primaryCounter, replicas: replicas.map((r) => ({ url: r.url, statements: r.statements })) },
  };
}

/**
 * Writers take turns, for the length of their transaction. Sources, actors, places and events are
 * found among those already stored, then created: two ingests at once would both miss and both
 * create. And the rows that triggers keep (SearchTermCount's counts of common words, EventCountry)
 * are shared by every write: two writers locking them in different orders would deadlock, and a
 * trigger reading rows that another writer is changing would keep a stale answer. SQLite runs one
 * write transaction at a time; on PostgreSQL this transaction-scoped lock does the same for every
 * transaction that writes articles, statements, events, participants or actors (reads are not held
 * up). It may be taken again in the same transaction.
 */
/**
 * Options of a writing transaction: it may wait its turn behind other writers (lockWrites), so it
 * gets more than Prisma's default 5 s to finish. How long it may wait to start is the client's
 * (openDatabase's transactionMaxWaitMs), so that one setting holds for every transaction.
 */
export const WRITE_TRANSACTION = { timeout: 60_000 } as const;

export async function lockWrites(tx: Tx, provider: Provider | undefined): Promise<void> {
  if (provider === 'postgresql') await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7413021)');
}
