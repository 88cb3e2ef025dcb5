/**
 * Read replicas for PostgreSQL (DATABASE_REPLICA_URLS): one Prisma client per replica, and a client
 * extension on the primary's client that sends reads to a replica and everything else to the primary.
 *
 * - Model reads (findUnique, findFirst, findMany, count, aggregate, groupBy and their *OrThrow forms)
 *   and raw SELECTs ($queryRaw / $queryRawUnsafe whose text is a plain SELECT or WITH ... SELECT) go to
 *   a replica, chosen at random among those that are caught up (see below).
 * - Writes, other raw statements, and every statement of a transaction ($transaction, interactive or
 *   batch) go to the primary.
 * - Read-your-writes: after a write or a transaction commits through this client, the primary's WAL
 *   position is taken (pg_current_wal_lsn()), and reads go to the primary until a replica has replayed
 *   that far (pg_last_wal_replay_lsn()). A mutation's own results, and every read this process makes
 *   after it, therefore see the write. Writes made by other processes are seen once replayed. Reads a
 *   mutation makes before its first write (the ingest's "already stored?" check) may still be served
 *   by a lagging replica; wrap the mutation in readFromPrimary() to send those to the primary too.
 *
 * @prisma/extension-read-replicas 0.5.0 (peer @prisma/client ^7) does the routing part, but sends
 * every raw query to the primary (the full-text search is raw SQL) and has no notion of replica lag,
 * so a mutation's answer could be read back from a replica that has not replayed it yet.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Db } from './db.js';

const primaryScope = new AsyncLocalStorage<true>();

/**
 * Runs `fn` with every read it makes (through any routed client) sent to the primary: for work that
 * must not see a lagging replica, e.g. a whole GraphQL mutation (its existence checks before its
 * transaction included). Without replicas it changes nothing.
 */
export function readFromPrimary<T>(fn: () => T): T {
  return primaryScope.run(true, fn);
}

export interface ReplicaEndpoint {
  url: string;
  client: Db;
}

/** `DATABASE_REPLICA_URLS`: comma-separated, blanks ignored. */
export function parseReplicaUrls(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

const READ_OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);
const RAW_READ_OPERATIONS = new Set(['$queryRaw', '$queryRawUnsafe']);

/** A statement that can only read: SELECT or WITH ... SELECT, with no locking clause and no data-modifying word. */
export function isReadOnlySql(sql: string): boolean {
  const text = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^']|'')*'/g, "''");
  if (!/^\s*\(?\s*(select|with)\b/i.test(text)) return false;
  if (/\b(insert|update|delete|merge|truncate|copy|nextval|setval|pg_advisory\w*|set_config)\b/i.test(text)) return false;
  if (/\bfor\s+(no\s+key\s+)?(update|share)\b|\bfor\s+key\s+share\b|\binto\b/i.test(text)) return false;
  return true;
}

function rawSqlText(operation: string, args: unknown): string | null {
  if (operation === '$queryRawUnsafe') {
    const first = Array.isArray(args) ? args[0] : args;
    return typeof first === 'string' ? first : null;
  }
  // $queryRaw: a Prisma.Sql (template) object.
  const sql = args as { sql?: unknown; strings?: unknown } | null;
  if (sql && typeof sql.sql === 'string') return sql.sql;
  if (sql && Array.isArray(sql.strings)) return sql.strings.join('?');
  return null;
}

/** "16/B374D848" → a comparable number. */
export function parseLsn(text: string | null | undefined): bigint | null {
  if (!text) return null;
  const m = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text.trim());
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : null;
}

const FOREVER = 1n << 64n;
/** How often a lagging replica's replay position is asked for, at most. */
const RECHECK_MS = 50;

interface ReplicaState extends ReplicaEndpoint {
  admin: pg.Pool;
  replayed: bigint;
  checkedAt: number;
  checking: Promise<void> | null;
}

export interface RoutedClient {
  /** The primary's client, extended to route reads to the replicas. */
  prisma: Db;
  close(): Promise<void>;
}

/**
 * Extends `primary` so that reads go to `replicas` (already counted and configured clients) and
 * writes, raw writes and transactions to the primary. `primaryUrl` is used for WAL-position queries
 * on a small separate pool, so they do not show in the statement counters.
 */
export function routeReads(primary: Db, primaryUrl: string, replicas: ReplicaEndpoint[]): RoutedClient {
  if (replicas.length === 0) throw new Error('routeReads needs at least one replica');
  const primaryAdmin = new pg.Pool({ connectionString: primaryUrl, max: 1, idleTimeoutMillis: 10_000, application_name: 'newsgraph-lsn' });
  const states: ReplicaState[] = replicas.map((r) => ({
    ...r,
    admin: new pg.Pool({ connectionString: r.url, max: 1, idleTimeoutMillis: 10_000, application_name: 'newsgraph-lsn' }),
    replayed: 0n,
    checkedAt: 0,
    checking: null,
  }));
  // Idle pool clients that lose their server emit 'error'; the next query reconnects.
  for (const pool of [primaryAdmin, ...states.map((s) => s.admin)]) pool.on('error', () => {});

  /** WAL position every replica must have replayed before it serves reads again. */
  let required = 0n;
  /** When the primary's position could not be read: reads stay on the primary until then. */
  let primaryOnlyUntil = 0;

  async function markWritten(): Promise<void> {
    try {
      const { rows } = await primaryAdmin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const lsn = parseLsn(rows[0]?.lsn);
      if (lsn !== null && lsn > required) required = lsn;
    } catch {
      primaryOnlyUntil = Date.now() + 5_000;
    }
  }

  function refresh(state: ReplicaState): Promise<void> {
    if (state.checking) return state.checking;
    if (Date.now() - state.checkedAt < RECHECK_MS) return Promise.resolve();
    state.checking = state.admin
      .query<{ lsn: string | null; recovering: boolean }>('SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS recovering')
      .then(({ rows }) => {
        // Not a standby (e.g. a promoted replica, or the primary itself): nothing to wait for.
        state.replayed = rows[0]?.recovering ? (parseLsn(rows[0].lsn) ?? 0n) : FOREVER;
      })
      .catch(() => {
        // Unreachable: treated as lagging, so reads that need fresh data use the primary.
      })
      .finally(() => {
        state.checkedAt = Date.now();
        state.checking = null;
      });
    return state.checking;
  }

  async function pickReader(): Promise<Db> {
    if (primaryScope.getStore() || Date.now() < primaryOnlyUntil) return primary;
    let ready = states.filter((s) => s.replayed >= required);
    if (ready.length === 0) {
      await Promise.all(states.map(refresh));
      ready = states.filter((s) => s.replayed >= required);
    }
    if (ready.length === 0) return primary;
    return ready[Math.floor(Math.random() * ready.length)].client;
  }

  const extended = primary.$extends({
    query: {
      async $allOperations(params) {
        const { model, operation, args, query } = params;
        const internal = (params as unknown as { __internalParams?: { transaction?: unknown; dataPath?: unknown[] } }).__internalParams;
        // Inside a transaction (interactive or batch): the primary, always.
        if (internal?.transaction) return query(args);
        const fluent = Array.isArray(internal?.dataPath) && internal.dataPath.length > 0;
        if (model && READ_OPERATIONS.has(operation) && !fluent) {
          const reader = await pickReader();
          if (reader === primary) return query(args);
          const delegate = (reader as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>)[model.charAt(0).toLowerCase() + model.slice(1)];
          return delegate[operation](args);
        }
        if (!model && RAW_READ_OPERATIONS.has(operation)) {
          const sql = rawSqlText(operation, args);
          if (sql !== null && isReadOnlySql(sql)) {
            const reader = await pickReader();
            if (reader === primary) return query(args);
            const raw = reader as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
            return operation === '$queryRawUnsafe' ? raw.$queryRawUnsafe(...(args as unknown[])) : raw.$queryRaw(args);
          }
        }
        if (model && READ_OPERATIONS.has(operation)) return query(args);
        // A write, or raw SQL that may write. Failed ones too: a unique violation means another
        // writer got there first, and the caller's next read (to find the winner) must see it.
        try {
          return await query(args);
        } finally {
          await markWritten();
        }
      },
    },
  }) as unknown as Db;

  // Transactions run on the primary (the extension sees their statements as such); once one ends,
  // the primary's WAL position becomes the one replicas must reach before serving reads. Rolled-back
  // ones too: a transaction that lost a unique-key race is followed by a read of the winner's row.
  const prisma = new Proxy(extended, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === '$transaction') {
        return async (...args: unknown[]) => {
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            await markWritten();
          }
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  return {
    prisma,
    async close() {
      await Promise.allSettled([
        primary.$disconnect(),
        ...states.map((s) => s.client.$disconnect()),
        primaryAdmin.end(),
        ...states.map((s) => s.admin.end()),
      ]);
    },
  };
}
