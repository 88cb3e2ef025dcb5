/**
 * Prisma's wasm schema engine (@prisma/schema-engine-wasm), driven from our own code with a driver
 * adapter, because the CLI's native schema-engine binary is not available on every machine.
 * See /work/shared/notes/toolchain.md for the pitfalls handled here:
 *  - the package's main entry imports a .wasm file, which Node 20 can't: we instantiate
 *    schema_engine_bg.wasm ourselves through the `_bg` glue module;
 *  - the engine wants `bindMigrationAwareSqlAdapterFactory(factory)`, and reports driver errors as
 *    "External error id#N", explained by `errorRegistry.consumeError(N)`;
 *  - it arms 10 s timers it never clears (we unref them) and never closes the adapter connections
 *    (we track and dispose them);
 *  - SQLite: multi-statement `executeRaw` (shadow database replays) is routed to `executeScript`;
 *  - PostgreSQL: catalog queries return `"char"` columns (OID 18) that @prisma/adapter-pg can't decode,
 *    so every connection maps OID 18 to text; every `connect()` gets a fresh pool; the shadow
 *    database is created and dropped by us (the adapter drops it before closing its own pool);
 *    `executeScript` sends the whole script at once (the adapter splits on `;`, which breaks
 *    `$$ ... $$` function bodies in hand-written migrations).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine as SchemaEngineType, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type IsolationLevel,
  type ErrorRegistry,
} from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

export type SchemaEngine = SchemaEngineType;
export type Provider = 'sqlite' | 'postgresql';

// ---------------------------------------------------------------------------------------------
// Loading the wasm module (once per process: the glue module holds a single `wasm` binding).

let engineClass: Promise<typeof glue.SchemaEngine> | undefined;

function loadEngineClass(): Promise<typeof glue.SchemaEngine> {
  engineClass ??= (async () => {
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        panicMessage = message;
      },
    };
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(join(dirname(gluePath), 'schema_engine_bg.wasm'));
    const imports: Record<string, unknown> = { ...glue };
    for (const name of Object.keys(imports)) {
      // The engine's timers (e.g. 10 s connection timeouts) are never cleared; they must not keep a
      // short command alive.
      if (name.startsWith('__wbg_setTimeout_')) {
        imports[name] = (callback: () => void, ms: number) => {
          const timer = setTimeout(callback, ms >>> 0);
          timer.unref();
          return timer;
        };
      }
    }
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports as WebAssembly.ModuleImports });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue.SchemaEngine;
  })();
  return engineClass;
}

let panicMessage: string | undefined;

// ---------------------------------------------------------------------------------------------
// Adapter wrappers

type Disposer = () => Promise<void>;

/** Tracks adapters handed to the engine so that `close()` can dispose what the engine leaves open. */
class AdapterTracker {
  private open = new Set<Disposer>();

  track(dispose: Disposer): Disposer {
    let done: Promise<void> | undefined;
    const once: Disposer = () => {
      this.open.delete(once);
      done ??= dispose();
      return done;
    };
    this.open.add(once);
    return once;
  }

  async disposeAll(): Promise<void> {
    const pending = [...this.open];
    const results = await Promise.allSettled(pending.map((d) => d()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

const isMultiStatementError = (e: unknown) =>
  e instanceof Error && /more than one statement/i.test(e.message + String((e as { cause?: { message?: string } }).cause?.message ?? ''));

/**
 * Delegating adapter: `dispose` goes through the tracker, SQLite multi-statement `executeRaw`
 * falls back to `executeScript`, and `executeScript` can be replaced.
 */
class WrappedAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly disposeOnce: Disposer,
    private readonly scriptRunner?: (script: string) => Promise<void>,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.inner.queryRaw(query);
  }

  async executeRaw(query: SqlQuery): Promise<number> {
    try {
      return await this.inner.executeRaw(query);
    } catch (e) {
      if (this.provider === 'sqlite' && query.args.length === 0 && isMultiStatementError(e)) {
        await this.executeScript(query.sql);
        return 0;
      }
      throw e;
    }
  }

  executeScript(script: string): Promise<void> {
    return this.scriptRunner ? this.scriptRunner(script) : this.inner.executeScript(script);
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const tx = await this.inner.startTransaction(isolationLevel);
    if (this.provider !== 'sqlite') return tx;
    const runScript = (sql: string) => this.inner.executeScript(sql);
    return new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'executeRaw') {
          return async (query: SqlQuery) => {
            try {
              return await target.executeRaw(query);
            } catch (e) {
              if (query.args.length === 0 && isMultiStatementError(e)) {
                await runScript(query.sql);
                return 0;
              }
              throw e;
            }
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  dispose(): Promise<void> {
    return this.disposeOnce();
  }
}

// --- SQLite

/** `file:./x.db` → `./x.db`; `:memory:` stays. */
function sqlitePathOf(url: string): string {
  return url.replace(/^file:/, '');
}

function sqliteFactory(url: string, shadowUrl: string, tracker: AdapterTracker): SqlMigrationAwareDriverAdapterFactory {
  const connectTo = async (target: string) => {
    const inner = await new PrismaBetterSqlite3({ url: sqlitePathOf(target) }).connect();
    return new WrappedAdapter(inner, tracker.track(() => inner.dispose()));
  };
  return {
    provider: 'sqlite',
    adapterName: '@prisma/adapter-better-sqlite3',
    connect: () => connectTo(url),
    connectToShadowDb: () => connectTo(shadowUrl),
  };
}

// --- PostgreSQL

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type PgField = { dataTypeID: number };
type PgResultLike = { fields?: PgField[] };

function charAsText(result: unknown): void {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of (r as PgResultLike | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
  }
}

/** A pg Client whose results report `"char"` (OID 18) columns as text, which the adapter can decode. */
class CharAsTextClient extends pg.Client {
  // pg's overloads are awkward to re-declare; the runtime contract is (config, values?, callback?).
  override query(...args: unknown[]): any {
    const [config, values, callback] = args as [unknown, unknown, unknown];
    if (config && typeof (config as { submit?: unknown }).submit === 'function') {
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const cb = typeof values === 'function' ? values : callback;
    if (typeof cb === 'function') {
      const wrapped = (err: unknown, res: unknown) => {
        if (!err) charAsText(res);
        (cb as (e: unknown, r: unknown) => void)(err, res);
      };
      return typeof values === 'function'
        ? (super.query as (...a: unknown[]) => unknown)(config, wrapped)
        : (super.query as (...a: unknown[]) => unknown)(config, values, wrapped);
    }
    const promise = (super.query as (...a: unknown[]) => Promise<unknown>)(config, values);
    return promise.then((res) => {
      charAsText(res);
      return res;
    });
  }
}

function pgConfig(connectionString: string): pg.PoolConfig {
  return { connectionString, Client: CharAsTextClient as unknown as typeof pg.Client, max: 4 };
}

async function connectPg(connectionString: string, tracker: AdapterTracker, afterDispose?: Disposer): Promise<WrappedAdapter> {
  // A fresh factory, hence a fresh pool, per connect(): the engine connects and disposes several
  // times per command.
  const inner = await new PrismaPg(pgConfig(connectionString)).connect();
  const pool = (inner as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver();
  const runScript = async (script: string) => {
    try {
      // One simple-protocol query: PostgreSQL runs the statements in order, as one implicit transaction.
      await pool.query(script);
    } catch (e) {
      (inner as unknown as { onError(e: unknown): never }).onError(e);
    }
  };
  const dispose = tracker.track(async () => {
    try {
      await inner.dispose();
    } finally {
      await afterDispose?.();
    }
  });
  return new WrappedAdapter(inner, dispose, runScript);
}

/** The URL of `database` on the server of `url`. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function pgFactory(url: string, maintenanceUrl: string, tracker: AdapterTracker): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectPg(url, tracker),
    async connectToShadowDb() {
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client({ connectionString: maintenanceUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } catch (e) {
        await admin.end();
        throw e;
      }
      return connectPg(withDatabase(maintenanceUrl, name), tracker, async () => {
        try {
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await admin.end();
        }
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Sessions

export interface SchemaEngineOptions {
  provider: Provider;
  /** The main database: `file:...` / `:memory:` for SQLite, a postgres:// URL for PostgreSQL. */
  url: string;
  /**
   * SQLite: the shadow database path (default `:memory:`).
   * PostgreSQL: a database on the server where a temporary shadow database is created and dropped
   * (default: $SHADOW_DATABASE_URL, else $POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres).
   */
  shadowDatabaseUrl?: string;
  /** The Prisma schema the engine starts with, as [path, content] (only some commands need it). */
  datamodels?: [string, string][];
  /** Receives the engine's log lines (JSON strings). Default: printed when $DEBUG_SCHEMA_ENGINE is set. */
  log?: (line: string) => void;
}

export function defaultPgShadowUrl(): string {
  return process.env.SHADOW_DATABASE_URL || process.env.POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

export class SchemaEngineError extends Error {
  override name = 'SchemaEngineError';
}

/** Replaces "External error id#N" in an engine error with the driver error it stands for. */
export function explainEngineError(error: unknown, registry: ErrorRegistry): Error {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  let explained = message.replace(/External error id#(\d+)/g, (whole, id: string) => {
    const record = registry.consumeError(Number(id));
    if (!record) return whole;
    const e = record.error as { message?: string; cause?: unknown } | undefined;
    const cause = e?.cause as { originalMessage?: string; message?: string; kind?: string } | undefined;
    const detail = cause?.originalMessage ?? cause?.message ?? e?.message ?? JSON.stringify(record.error);
    return `${whole}: ${detail}${cause?.kind ? ` (${cause.kind})` : ''}`;
  });
  if (panicMessage) {
    explained += `\nengine panic: ${panicMessage}`;
    panicMessage = undefined;
    // No method is safe to call after a panic: the next session instantiates a fresh module.
    engineClass = undefined;
  }
  return new SchemaEngineError(explained, { cause: error });
}

/**
 * Opens a schema engine on the given database, runs `fn`, and closes everything: the engine and every
 * connection it opened (the engine itself does not close them; SQLite would stay locked).
 */
export async function withSchemaEngine<T>(options: SchemaEngineOptions, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const SchemaEngine = await loadEngineClass();
  const tracker = new AdapterTracker();
  const factory =
    options.provider === 'sqlite'
      ? sqliteFactory(options.url, options.shadowDatabaseUrl ?? ':memory:', tracker)
      : pgFactory(options.url, options.shadowDatabaseUrl ?? defaultPgShadowUrl(), tracker);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const log =
    options.log ??
    ((line: string) => {
      if (process.env.DEBUG_SCHEMA_ENGINE) console.error(`[schema-engine] ${line}`);
    });

  let engine: SchemaEngine | undefined;
  try {
    engine = await SchemaEngine.new({ datamodels: options.datamodels }, log, bound);
    return await fn(engine);
  } catch (e) {
    throw explainEngineError(e, bound.errorRegistry);
  } finally {
    try {
      engine?.free();
    } finally {
      await tracker.disposeAll();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Migrations directory helpers (Prisma's standard layout)

export interface MigrationsList {
  baseDir: string;
  shadowDbInitScript: string;
  lockfile: { path: string; content: string | null };
  migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: 'ok'; value: string } | { tag: 'error'; value: string } } }[];
}

/** Reads `<dir>/<name>/migration.sql` and `<dir>/migration_lock.toml`, like the Prisma CLI does. */
export async function readMigrationsList(baseDir: string): Promise<MigrationsList> {
  const { readdir } = await import('node:fs/promises');
  const lockPath = 'migration_lock.toml';
  const lockContent = await readFile(join(baseDir, lockPath), 'utf8').catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories: MigrationsList['migrationDirectories'] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const content = await readFile(join(baseDir, entry.name, 'migration.sql'), 'utf8')
      .then((value) => ({ tag: 'ok' as const, value }))
      .catch((e: Error) => ({ tag: 'error' as const, value: e.message }));
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } });
  }
  return { baseDir, shadowDbInitScript: '', lockfile: { path: lockPath, content: lockContent }, migrationDirectories };
}

const okScripts = (list: MigrationsList) =>
  list.migrationDirectories.flatMap((d) => (d.migrationFile.content.tag === 'ok' ? [d.migrationFile.content.value] : []));

export interface FtsTable {
  name: string;
  /** The external content table (`content='Article'`), if any. */
  contentTable: string | null;
}

/** SQLite FTS5 virtual tables created by hand in the migrations. */
export function ftsTablesOf(scripts: string[]): FtsTable[] {
  const tables = new Map<string, FtsTable>();
  const re = /CREATE\s+VIRTUAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`[]?(\w+)["`\]]?\s+USING\s+fts5\s*\(([\s\S]*?)\)\s*;/gi;
  for (const script of scripts) {
    for (const m of script.matchAll(re)) {
      const content = /\bcontent\s*=\s*['"]?(\w*)['"]?/i.exec(m[2]!);
      tables.set(m[1]!, { name: m[1]!, contentTable: content?.[1] ? content[1] : null });
    }
  }
  return [...tables.values()];
}

/**
 * Tables that Prisma must treat as externally managed: SQLite FTS5 virtual tables created by hand in
 * migration.sql, with their shadow tables. Found by scanning the migrations, so a new FTS table in a
 * later migration is covered without touching this code.
 */
export function externalTablesOf(provider: Provider, list: MigrationsList): string[] {
  if (provider !== 'sqlite') return [];
  return ftsTablesOf(okScripts(list)).flatMap(({ name }) =>
    ['', '_data', '_idx', '_docsize', '_config', '_content'].map((suffix) => `${name}${suffix}`),
  );
}

export interface SqliteTrigger {
  name: string;
  table: string;
  sql: string;
}

/**
 * The SQLite triggers alive after running `scripts` in order (CREATE TRIGGER adds one; DROP TRIGGER,
 * and DROP TABLE of its table, remove it). Prisma's "RedefineTables" migrations drop and re-create a
 * table, which silently drops its triggers: compare before/after to find the ones to re-create.
 */
export function liveSqliteTriggers(scripts: string[]): Map<string, SqliteTrigger> {
  const live = new Map<string, SqliteTrigger>();
  const re =
    /(CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?["`[]?(\w+)["`\]]?[\s\S]*?\bON\s+["`[]?(\w+)["`\]]?[\s\S]*?\bEND\s*;)|DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?["`[]?(\w+)["`\]]?|DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?["`[]?(\w+)["`\]]?/gi;
  for (const script of scripts) {
    for (const m of script.matchAll(re)) {
      if (m[1]) live.set(m[2]!, { name: m[2]!, table: m[3]!, sql: m[1] });
      else if (m[4]) live.delete(m[4]);
      else if (m[5]) for (const [name, t] of live) if (t.table === m[5]) live.delete(name);
    }
  }
  return live;
}

/**
 * SQL to append to a new SQLite migration so that the hand-written triggers (and the FTS indexes
 * they maintain) survive it; empty when the migration drops no table that has triggers.
 */
export function sqliteTriggerRepair(list: MigrationsList, newScript: string): string {
  const history = okScripts(list);
  const before = liveSqliteTriggers(history);
  const after = liveSqliteTriggers([...history, newScript]);
  const lost = [...before.values()].filter((t) => !after.has(t.name));
  if (lost.length === 0) return '';
  const tables = new Set(lost.map((t) => t.table));
  const rebuild = ftsTablesOf(history).filter((f) => f.contentTable && tables.has(f.contentTable));
  return [
    '',
    '-- RecreateTriggers (added by scripts/create-migration.ts: redefining a table drops its triggers)',
    ...lost.map((t) => `${t.sql}\n`),
    ...rebuild.map((f) => `-- RebuildFullTextSearch\nINSERT INTO "${f.name}"("${f.name}") VALUES ('rebuild');\n`),
  ].join('\n');
}

export function schemaFilterFor(provider: Provider, list: MigrationsList): SchemaFilter {
  return { externalTables: externalTablesOf(provider, list), externalEnums: [] };
}

/**
 * What the schema needs beyond the migrations: replays them on a shadow database (in memory for
 * SQLite, a temporary database for PostgreSQL) and diffs the result against the schema file.
 * `exitCode` is 0 when nothing differs; with `script`, `stdout` holds the SQL that closes the gap.
 */
export async function diffMigrationsToSchema(
  provider: Provider,
  schema: { path: string; content: string },
  migrationsList: MigrationsList,
  script: boolean,
): Promise<{ exitCode?: number | null; stdout: string | null }> {
  return withSchemaEngine(
    {
      provider,
      // diff only uses the shadow database; the main connection is never written to.
      url: provider === 'sqlite' ? ':memory:' : defaultPgShadowUrl(),
      datamodels: [[schema.path, schema.content]],
    },
    (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script,
        exitCode: true,
        filters: schemaFilterFor(provider, migrationsList),
      }),
  );
}
