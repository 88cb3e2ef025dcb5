/**
 * npm run bench:load -- --size small|medium|large [--database URL] [--force]
 *
 * Migrates the database, then bulk-loads the deterministic data set of bench/generate.ts:
 *   SQLite: better-sqlite3, prepared statements, one transaction per ~5,000 rows, synchronous=OFF and
 *           journal_mode=MEMORY during the load only (restored after), FTS5 insert triggers dropped during
 *           the load and the ArticleSearch/StatementSearch indexes rebuilt at the end.
 *   PostgreSQL: pg, multi-row parameterised INSERTs (≤1,000 rows each), one transaction per batch,
 *           the searchVector BEFORE triggers left on (computing the tsvector in the INSERT is cheaper than
 *           rewriting every row with an UPDATE afterwards); secondary indexes dropped during the load and
 *           recreated from their own definitions after; sequences reset with setval; VACUUM ANALYZE.
 * The default database is DATABASE_URL, else file:./data/bench-<size>.db. A database that already holds
 * data is refused unless --force, which deletes every row first.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseProvider, migrateDatabase, sqliteFilePath } from '../server/storage/migrate.js';
import { BenchGenerator, SIZES, type AliasRow, type ArticleBundle, type Size } from './generate.js';

type Provider = 'sqlite' | 'postgresql';
type Value = string | number | null;

// ---------------------------------------------------------------------------------------------
// Tables: columns (Prisma field names), PostgreSQL enum types, and row → values.

interface TableSpec { columns: string[]; enums?: Record<string, string>; dates?: string[] }
const TABLES: Record<string, TableSpec> = {
  Source: { columns: ['id', 'name', 'domain', 'createdAt'], dates: ['createdAt'] },
  Place: { columns: ['id', 'name', 'kind', 'countryCode', 'latitude', 'longitude', 'parentId'], enums: { kind: 'PlaceKind' } },
  PlaceAlias: { columns: ['id', 'placeId', 'text', 'normalized'] },
  Actor: { columns: ['id', 'name', 'kind', 'countryCode', 'title', 'parentId', 'createdAt', 'updatedAt'], enums: { kind: 'ActorKind' }, dates: ['createdAt', 'updatedAt'] },
  ActorAlias: { columns: ['id', 'actorId', 'text', 'normalized'] },
  Article: { columns: ['id', 'url', 'title', 'publishedAt', 'dateline', 'body', 'language', 'contentHash', 'sourceId', 'ingestedAt', 'extractorVersion'], dates: ['publishedAt', 'ingestedAt'] },
  Event: {
    columns: ['id', 'type', 'summary', 'date', 'datePrecision', 'placeId', 'fatalities', 'injuries', 'status', 'confidence', 'createdAt'],
    enums: { type: 'EventType', datePrecision: 'DatePrecision', status: 'EventStatus' }, dates: ['date', 'createdAt'],
  },
  EventParticipant: { columns: ['id', 'eventId', 'actorId', 'role'], enums: { role: 'ParticipantRole' } },
  Statement: { columns: ['id', 'articleId', 'speakerId', 'quote', 'kind', 'cue', 'start', 'end', 'confidence', 'eventId', 'createdAt'], enums: { kind: 'StatementKind' }, dates: ['createdAt'] },
  EventReport: { columns: ['id', 'eventId', 'articleId', 'statementId', 'start', 'end'] },
  ActorMention: { columns: ['id', 'articleId', 'actorId', 'start', 'end', 'text'] },
};
/** Insertion order (parents first); deletion is the reverse. */
const ORDER = ['Source', 'Place', 'PlaceAlias', 'Actor', 'ActorAlias', 'Article', 'Event', 'EventParticipant', 'Statement', 'EventReport', 'ActorMention'];
const ALL_TABLES = [...ORDER, 'ActorRedirect'];

/**
 * DateTime as Prisma stores it. SQLite (adapter-better-sqlite3): ISO text with "+00:00", as in
 * "2021-11-17T00:00:00.000+00:00" (checked on a row written by `newsgraph ingest`). PostgreSQL:
 * timestamp(3) without time zone holding UTC, sent as text without a zone so that no session
 * time zone shifts it.
 */
function dateFormatter(provider: Provider): (ms: number) => string {
  return provider === 'sqlite' ? (ms) => new Date(ms).toISOString().replace('Z', '+00:00') : (ms) => new Date(ms).toISOString().slice(0, 23);
}

function rowValues(table: string, row: Record<string, unknown>, fmt: (ms: number) => string): Value[] {
  const spec = TABLES[table];
  return spec.columns.map((c) => {
    const v = (c === 'actorId' || c === 'placeId') && 'ownerId' in row ? row.ownerId : row[c];
    if (v === null || v === undefined) return null;
    if (spec.dates?.includes(c)) return fmt(v as number);
    return v as Value;
  });
}

function aliasRows(rows: AliasRow[], key: 'actorId' | 'placeId') {
  return rows.map((r) => ({ id: r.id, [key]: r.ownerId, text: r.text, normalized: r.normalized }));
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr: a redrawn bar on a terminal, plain lines otherwise.

class Progress {
  private counts = new Map<string, number>();
  private started = Date.now();
  private lastDraw = 0;
  private lastPct = -1;
  private readonly tty = Boolean(process.stderr.isTTY);
  constructor(private totalArticles: number) {}
  add(table: string, n: number): void { this.counts.set(table, (this.counts.get(table) ?? 0) + n); }
  total(): number { let n = 0; for (const v of this.counts.values()) n += v; return n; }
  get(table: string): number { return this.counts.get(table) ?? 0; }
  tick(force = false): void {
    const now = Date.now();
    const secs = (now - this.started) / 1000;
    const frac = this.get('Article') / this.totalArticles;
    const pct = Math.floor(frac * 100);
    const rate = Math.round(this.total() / Math.max(secs, 0.001));
    const short: Record<string, string> = { Article: 'art', Event: 'evt', EventParticipant: 'part', Statement: 'stmt', EventReport: 'rep', ActorMention: 'ment', Actor: 'act', ActorAlias: 'alias' };
    const detail = Object.entries(short).map(([t, s]) => `${s} ${this.get(t).toLocaleString('en-US')}`).join(' ');
    if (this.tty) {
      if (!force && now - this.lastDraw < 150) return;
      this.lastDraw = now;
      const width = 24;
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '-');
      process.stderr.write(`\r\x1b[K[${bar}] ${String(pct).padStart(3)}% ${detail} | ${rate.toLocaleString('en-US')} rows/s ${secs.toFixed(0)}s`);
    } else if (force || pct >= this.lastPct + 10) {
      this.lastPct = pct - (pct % 10);
      process.stderr.write(`${pct}% ${detail} | ${rate.toLocaleString('en-US')} rows/s, ${secs.toFixed(1)}s\n`);
    }
  }
  done(): void {
    if (this.tty || this.lastPct < 100) this.tick(true);
    if (this.tty) process.stderr.write('\n');
  }
}

// ---------------------------------------------------------------------------------------------
// Writers

interface Writer {
  /** Rows already present per table. */
  counts(): Promise<Record<string, number>>;
  clear(): Promise<void>;
  begin(): Promise<void>;
  /** Inserts tables in the given order in one transaction; may return before the rows are written (PostgreSQL). */
  write(batch: [string, Value[][]][]): Promise<void>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

class SqliteWriter implements Writer {
  private db: Database.Database;
  private stmts = new Map<string, Database.Statement>();
  private triggers: { name: string; sql: string }[] = [];
  private saved: { synchronous: number; journal: string } = { synchronous: 2, journal: 'wal' };
  constructor(readonly file: string) {
    this.db = new Database(file);
  }
  async counts() {
    const out: Record<string, number> = {};
    for (const t of ALL_TABLES) out[t] = (this.db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
    return out;
  }
  async begin() {
    this.saved = {
      synchronous: this.db.pragma('synchronous', { simple: true }) as number,
      journal: this.db.pragma('journal_mode', { simple: true }) as string,
    };
    this.db.pragma('journal_mode = MEMORY');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -262144');
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('foreign_keys = OFF');
    // The FTS5 triggers go for the load; the indexes are rebuilt in one pass at the end.
    this.triggers = this.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('Article', 'Statement') AND name LIKE '%_search_%'`).all() as { name: string; sql: string }[];
    for (const t of this.triggers) this.db.exec(`DROP TRIGGER "${t.name}"`);
  }
  async clear() {
    this.db.transaction(() => {
      for (const t of [...ALL_TABLES].reverse()) this.db.exec(`DELETE FROM "${t}"`);
      this.db.exec(`DELETE FROM sqlite_sequence WHERE name IN (${ALL_TABLES.map((t) => `'${t}'`).join(', ')})`);
    })();
  }
  private stmt(table: string): Database.Statement {
    let s = this.stmts.get(table);
    if (!s) {
      const cols = TABLES[table].columns;
      s = this.db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      this.stmts.set(table, s);
    }
    return s;
  }
  async write(batch: [string, Value[][]][]) {
    this.db.transaction(() => {
      for (const [table, rows] of batch) {
        const s = this.stmt(table);
        for (const r of rows) s.run(r);
      }
    })();
  }
  /** Rebuilds FTS, puts the triggers and pragmas back, checks foreign keys. */
  async finish() {
    this.restoreTriggers();
    this.db.exec(`INSERT INTO "ArticleSearch"("ArticleSearch") VALUES ('rebuild')`);
    this.db.exec(`INSERT INTO "StatementSearch"("StatementSearch") VALUES ('rebuild')`);
    const broken = this.db.prepare('PRAGMA foreign_key_check').all();
    if (broken.length) throw new Error(`foreign_key_check: ${broken.length} violations, e.g. ${JSON.stringify(broken[0])}`);
    this.restorePragmas();
  }
  private restoreTriggers() {
    for (const t of this.triggers) this.db.exec(t.sql);
    this.triggers = [];
  }
  private restorePragmas() {
    this.db.pragma(`journal_mode = ${this.saved.journal}`);
    this.db.pragma(`synchronous = ${this.saved.synchronous}`);
    this.db.pragma('foreign_keys = ON');
  }
  async close() {
    if (this.triggers.length) { this.restoreTriggers(); this.restorePragmas(); } // after a failure
    this.db.close();
  }
}

class PostgresWriter implements Writer {
  readonly client: pg.Client;
  private sql = new Map<string, string>();
  private indexes: { name: string; def: string }[] = [];
  private inflight: Promise<void> = Promise.resolve();
  constructor(url: string) {
    this.client = new pg.Client({ connectionString: url });
  }
  async connect() {
    await this.client.connect();
    await this.client.query('SET synchronous_commit = off');
    await this.client.query("SET maintenance_work_mem = '512MB'");
  }
  async counts() {
    const out: Record<string, number> = {};
    for (const t of ALL_TABLES) out[t] = Number((await this.client.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
    return out;
  }
  async clear() {
    await this.client.query(`TRUNCATE ${ALL_TABLES.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
  }
  async begin() {
    // Secondary (non-unique, non-primary-key) indexes are dropped for the load and recreated afterwards.
    const res = await this.client.query(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND NOT i.indisunique AND NOT i.indisprimary`,
      [ORDER],
    );
    this.indexes = res.rows as { name: string; def: string }[];
    for (const ix of this.indexes) await this.client.query(`DROP INDEX "${ix.name}"`);
  }
  private insertSql(table: string, n: number): string {
    const key = `${table}:${n}`;
    let s = this.sql.get(key);
    if (!s) {
      const spec = TABLES[table];
      const cols = spec.columns;
      const tuples: string[] = [];
      for (let r = 0; r < n; r++) {
        tuples.push(`(${cols.map((c, k) => `$${r * cols.length + k + 1}${spec.enums?.[c] ? `::"${spec.enums[c]}"` : ''}`).join(', ')})`);
      }
      s = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
      this.sql.set(key, s);
    }
    return s;
  }
  /** Waits for the previous batch only: the next one is generated while this one is written. */
  async write(batch: [string, Value[][]][]) {
    await this.inflight;
    this.inflight = this.writeNow(batch);
    this.inflight.catch(() => {}); // surfaced by the next await
  }
  private async writeNow(batch: [string, Value[][]][]) {
    await this.client.query('BEGIN');
    try {
      for (const [table, rows] of batch) {
        const per = Math.min(1000, Math.floor(65535 / TABLES[table].columns.length));
        for (let i = 0; i < rows.length; i += per) {
          const chunk = rows.slice(i, i + per);
          await this.client.query(this.insertSql(table, chunk.length), chunk.flat());
        }
      }
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }
  async finish() {
    await this.inflight;
    await this.restoreIndexes();
    for (const t of ALL_TABLES) {
      const col = t === 'ActorRedirect' ? 'fromId' : 'id';
      await this.client.query(`SELECT setval(pg_get_serial_sequence('"${t}"', '${col}'), COALESCE(MAX("${col}"), 1), MAX("${col}") IS NOT NULL) FROM "${t}"`);
    }
    // VACUUM sets the visibility map (as autovacuum would soon after a load), so that counts over an
    // index need not visit the table.
    await this.client.query('VACUUM ANALYZE');
  }
  private async restoreIndexes() {
    for (const ix of this.indexes) await this.client.query(ix.def);
    this.indexes = [];
  }
  async close() {
    await this.inflight.catch(() => {});
    if (this.indexes.length) await this.restoreIndexes().catch((e) => console.error(`could not recreate indexes: ${e}`));
    await this.client.end();
  }
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv: string[]) {
  const get = (n: string) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : undefined; };
  const size = get('size') as Size | undefined;
  if (!size || !(size in SIZES)) {
    console.error(`usage: npm run bench:load -- --size ${Object.keys(SIZES).join('|')} [--database URL] [--force]`);
    process.exit(1);
  }
  const url = get('database') ?? process.env.DATABASE_URL ?? `file:./data/bench-${size}.db`;
  return { size, url, force: argv.includes('--force') };
}

const BATCH_ROWS = 5000;

async function main() {
  const { size, url, force } = parseArgs(process.argv.slice(2));
  const provider = databaseProvider(url);
  const shown = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  console.error(`bench:load ${size} → ${shown}`);
  const t0 = Date.now();
  const { applied } = await migrateDatabase(url);
  if (applied.length) console.error(`migrated: ${applied.join(', ')}`);
  const tMigrated = Date.now();

  let writer: Writer;
  if (provider === 'sqlite') writer = new SqliteWriter(sqliteFilePath(url));
  else {
    const w = new PostgresWriter(url);
    await w.connect();
    writer = w;
  }
  let ok = false;
  try {
    const existing = await writer.counts();
    const rowsThere = Object.values(existing).reduce((a, b) => a + b, 0);
    if (rowsThere > 0) {
      if (!force) {
        console.error(`Refusing to load: ${shown} already holds ${existing.Article} articles (${rowsThere} rows in all). Use --force to delete every row first.`);
        process.exitCode = 1;
        return;
      }
      console.error(`--force: deleting ${rowsThere} rows`);
      await writer.clear();
    }
    await writer.begin();
    const gen = new BenchGenerator(size);
    const fmt = dateFormatter(provider);
    const progress = new Progress(gen.counts.articles);
    const tLoad = Date.now();

    const writeTable = async (table: string, rows: Record<string, unknown>[]) => {
      for (let i = 0; i < rows.length; i += BATCH_ROWS) {
        const chunk = rows.slice(i, i + BATCH_ROWS).map((r) => rowValues(table, r, fmt));
        await writer.write([[table, chunk]]);
        progress.add(table, chunk.length);
      }
    };
    await writeTable('Source', gen.sources() as unknown as Record<string, unknown>[]);
    await writeTable('Place', gen.places() as unknown as Record<string, unknown>[]);
    await writeTable('PlaceAlias', aliasRows(gen.placeAliases(), 'placeId'));
    await writeTable('Actor', gen.actors() as unknown as Record<string, unknown>[]);
    await writeTable('ActorAlias', aliasRows(gen.actorAliases(), 'actorId'));

    const keys = ['events', 'participants', 'statements', 'reports', 'mentions'] as const;
    const tableOf: Record<(typeof keys)[number], string> = { events: 'Event', participants: 'EventParticipant', statements: 'Statement', reports: 'EventReport', mentions: 'ActorMention' };
    let pending: ArticleBundle[] = [];
    let pendingRows = 0;
    const flush = async () => {
      if (!pending.length) return;
      const batch: [string, Value[][]][] = [['Article', pending.map((b) => rowValues('Article', b.article as unknown as Record<string, unknown>, fmt))]];
      for (const k of keys) batch.push([tableOf[k], pending.flatMap((b) => (b[k] as unknown as Record<string, unknown>[]).map((r) => rowValues(tableOf[k], r, fmt)))]);
      await writer.write(batch);
      for (const [t, rows] of batch) progress.add(t, rows.length);
      progress.tick();
      pending = [];
      pendingRows = 0;
    };
    for (const bundle of gen.articles()) {
      pending.push(bundle);
      pendingRows += 1 + keys.reduce((n, k) => n + bundle[k].length, 0);
      if (pendingRows >= BATCH_ROWS) await flush();
    }
    await flush();
    const tInserted = Date.now();
    progress.done();
    console.error('finishing: full-text indexes, ' + (provider === 'sqlite' ? 'foreign key check, pragmas' : 'secondary indexes, sequences, VACUUM ANALYZE'));
    await writer.finish();
    const tDone = Date.now();
    const counts = await writer.counts();
    ok = true;
    const summary: Record<string, unknown> = {
      size, database: shown, provider,
      seconds: { migrate: (tMigrated - t0) / 1000, insert: (tInserted - tLoad) / 1000, finish: (tDone - tInserted) / 1000, total: (tDone - t0) / 1000 },
      rows: counts, totalRows: Object.values(counts).reduce((a, b) => a + b, 0),
    };
    if (provider === 'sqlite') {
      const file = sqliteFilePath(url);
      summary.fileMB = Number((statSync(file).size / 1048576).toFixed(1));
    } else {
      const w = writer as PostgresWriter;
      summary.databaseMB = Number((Number((await w.client.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n) / 1048576).toFixed(1));
    }
    console.log(JSON.stringify(summary));
  } finally {
    await writer.close();
    if (!ok && process.exitCode === undefined) process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
