/**
 * Applies pending migrations at run time, with Prisma's wasm schema engine (no native binary needed).
 * The migrations are Prisma's standard layout (prisma/<provider>/migrations/<timestamp>_<name>/migration.sql)
 * and the history is Prisma's `_prisma_migrations` table, so `prisma migrate deploy` agrees elsewhere.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { readMigrationsList, schemaFilterFor, withSchemaEngine, type Provider } from './schema-engine.js';
import type { Db } from './db.js';

/** The project root (this file is server/storage/migrate.ts), independent of process.cwd(). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function databaseProvider(url: string): Provider {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgresql';
  // Only the scheme is shown: the rest of a URL may hold a password, and this message is printed.
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(url)?.[0];
  throw new Error(`Unsupported database URL (${scheme ? `scheme "${scheme}"` : 'no scheme'}): expected file:... (SQLite) or postgres(ql)://... (PostgreSQL)`);
}

/** `file:./data/x.db` → absolute path (relative paths resolve against process.cwd()); query strings are dropped. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith('file:')) throw new Error(`Not a SQLite URL: ${url}`);
  let path = url.slice('file:'.length).replace(/\?.*$/, '');
  if (path.startsWith('//')) path = fileURLToPath(`file:${path}`); // file:///abs/path form
  if (path === ':memory:' || path === '') throw new Error(`SQLite URL must name a file: ${url}`);
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

export function migrationsDir(provider: Provider): string {
  return join(projectRoot, 'prisma', provider === 'sqlite' ? 'sqlite' : 'postgres', 'migrations');
}

/** Names of the migrations recorded as finished in `_prisma_migrations` (none when the table is missing). */
async function appliedMigrations(provider: Provider, url: string): Promise<Set<string>> {
  const query = 'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL';
  let names: string[] = [];
  if (provider === 'sqlite') {
    const db = new Database(sqliteFilePath(url), { readonly: true, fileMustExist: true });
    try {
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      if (table) names = (db.prepare(query).all() as { migration_name: string }[]).map((r) => r.migration_name);
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const table = await client.query("SELECT to_regclass('_prisma_migrations') AS t");
      if (table.rows[0]?.t) names = (await client.query<{ migration_name: string }>(query)).rows.map((r) => r.migration_name);
    } finally {
      await client.end();
    }
  }
  return new Set(names);
}

/** The migrations this version of the server ships, oldest first. */
export function shippedMigrations(provider: Provider): string[] {
  return readdirSync(migrationsDir(provider), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/**
 * The shipped migrations that the open database has not applied (GET /ready): a query through the
 * server's own client, so it also proves that the database answers.
 */
export async function pendingMigrations(prisma: Db, provider: Provider): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return shippedMigrations(provider).filter((name) => !applied.has(name));
}

/**
 * Applies the pending migrations of the provider chosen by `databaseUrl` and returns their names.
 * Leaves no connection open and no lock on the SQLite file.
 */
export async function migrateDatabase(databaseUrl: string): Promise<{ applied: string[] }> {
  const provider = databaseProvider(databaseUrl);
  try {
    return await applyPending(provider, databaseUrl);
  } catch (error) {
    // The engine locks a SQLite file exclusively; the adapter reports a lock it waited 5 s for as
    // "SocketTimeout", which the engine cannot even name.
    if (provider === 'sqlite' && /SocketTimeout|SQLITE_BUSY|database is locked/.test(String(error))) {
      throw new Error(
        `Cannot migrate ${databaseUrl}: another process has the database open (a running server?). ` +
          'Stop it and run the migration again; the server also applies pending migrations when it starts.',
        { cause: error },
      );
    }
    throw error;
  }
}

async function applyPending(provider: Provider, databaseUrl: string): Promise<{ applied: string[] }> {
  let engineUrl = databaseUrl;
  if (provider === 'sqlite') {
    const file = sqliteFilePath(databaseUrl);
    mkdirSync(dirname(file), { recursive: true });
    // WAL is a persistent property of the file: set it once, before the schema exists.
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    engineUrl = `file:${file}`;
  }
  const migrationsList = await readMigrationsList(migrationsDir(provider));
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`No migrations found in ${migrationsList.baseDir}`);
  }
  // The engine locks a SQLite file for itself even when nothing is pending: look first, so that a
  // server starts beside a running ingest or reader.
  const alreadyApplied = await appliedMigrations(provider, engineUrl);
  if (migrationsList.migrationDirectories.every((d) => alreadyApplied.has(d.path))) return { applied: [] };
  const output = await withSchemaEngine({ provider, url: engineUrl }, (engine) =>
    engine.applyMigrations({ migrationsList, filters: schemaFilterFor(provider, migrationsList) }),
  );
  return { applied: output.appliedMigrationNames };
}
