/**
 * Read replicas on a real PostgreSQL primary and streaming replica (scripts/pg-replica.sh), both on
 * loopback: writes and transactions go to the primary, reads to the replica once it has replayed this
 * process's writes, and raw SELECTs (full-text search) follow the reads.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../server/http/app.js';
import { createApiKey } from '../server/storage/api-keys.js';
import { openDatabase, type Database } from '../server/storage/db.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { isReadOnlySql, parseLsn, parseReplicaUrls, readFromPrimary } from '../server/storage/replicas.js';
import type { GraphQLResponse } from './harness.js';
import { INGEST } from './operations.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const SCRIPT = join(ROOT, 'scripts', 'pg-replica.sh');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

describe('replica routing helpers', () => {
  it('parses DATABASE_REPLICA_URLS and WAL positions', () => {
    expect(parseReplicaUrls(' postgres://a/db , ,postgresql://b/db ')).toEqual(['postgres://a/db', 'postgresql://b/db']);
    expect(parseReplicaUrls(undefined)).toEqual([]);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn('0/3000000')! < parseLsn('1/0')!).toBe(true);
  });

  it('sends only read-only SQL to replicas', () => {
    expect(isReadOnlySql('SELECT 1')).toBe(true);
    expect(isReadOnlySql(' with r as (select 1) select * from r')).toBe(true);
    expect(isReadOnlySql(`SELECT count(*) AS n FROM "Article" WHERE "searchVector" @@ websearch_to_tsquery('english', $1)`)).toBe(true);
    expect(isReadOnlySql(`SELECT 'update me' AS x`)).toBe(true);
    expect(isReadOnlySql('WITH d AS (DELETE FROM "Article" RETURNING id) SELECT * FROM d')).toBe(false);
    expect(isReadOnlySql('SELECT * FROM "Article" FOR UPDATE')).toBe(false);
    expect(isReadOnlySql(`SELECT nextval('x')`)).toBe(false);
    expect(isReadOnlySql('SELECT 1 INTO t')).toBe(false);
    expect(isReadOnlySql('INSERT INTO t VALUES (1)')).toBe(false);
    expect(isReadOnlySql('PRAGMA journal_mode = WAL')).toBe(false);
  });

  it('ignores replicas on SQLite, with a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsgraph-replicas-'));
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const url = `file:${join(dir, 'test.db')}`;
      await migrateDatabase(url);
      const db = await openDatabase(url, { replicaUrls: ['postgres://postgres@127.0.0.1:1/none'] });
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/DATABASE_REPLICA_URLS is ignored/);
      expect(db.replication).toBeUndefined();
      expect(await db.prisma.article.count()).toBe(0);
      await db.close();
    } finally {
      write.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function service(db: Database) {
  const app = createApp({ db, logError: (entry) => console.error(entry) });
  // Created on the primary; the server verifies keys there, so a lagging replica does not refuse it.
  const key = readFromPrimary(() => createApiKey(db.prisma, 'tests', ['write'])).then((k) => k.key);
  return async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${await key}` },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as GraphQLResponse<T>;
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const article = (word: string, day: number, url = true) => ({
  text: [
    ` date 2024-03-${String(day).padStart(2, '0')}`,
    `Talks resume over the ${word} crossing`,
    '',
    `Baku: Azerbaijan's foreign ministry said on Monday that talks with Armenia over the ${word} crossing would resume next week.`,
    `"We expect a full agreement on the ${word} road," the ministry said in a statement.`,
  ].join('\n'),
  ...(url ? { url: `https://example.org/${word}` } : {}),
});

const COUNT_AND_SEARCH = `query($q: String!) {
  articles { totalCount edges { node { title } } }
  search(query: $q) { totalCount }
}`;

describe('PostgreSQL read replicas (a real primary and streaming replica on loopback)', () => {
  let dir: string | undefined;
  let primaryUrl = '';
  let replicaUrl = '';
  let db: Database | undefined;
  let other: Database | undefined;
  const admins: pg.Client[] = [];
  let primaryAdmin: pg.Client;
  let replicaAdmin: pg.Client;

  beforeAll(async () => {
    if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_basebackup'))) {
      throw new Error(
        `PostgreSQL server binaries not found in ${PG_BIN} (initdb, pg_ctl, pg_basebackup): this test needs them ` +
          '(Debian: apt-get install postgresql-15; or set PG_BIN to their directory). CI has them.',
      );
    }
    dir = mkdtempSync(join(tmpdir(), 'newsgraph-replicas-'));
    chmodSync(dir, 0o711); // run as root, the servers run as the postgres OS user, who must reach the cluster dir
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    const started = Date.now();
    const { stdout } = await run('sh', [SCRIPT, 'start', join(dir, 'cluster'), String(primaryPort), String(replicaPort)], { env: { ...process.env, PG_BIN } });
    const setupMs = Date.now() - started;
    primaryUrl = /PRIMARY_URL=(\S+)/.exec(stdout)![1];
    replicaUrl = /REPLICA_URL=(\S+)/.exec(stdout)![1];
    const migrateStarted = Date.now();
    await migrateDatabase(primaryUrl);
    console.log(`pg-replica.sh start: ${setupMs} ms; migrating the primary: ${Date.now() - migrateStarted} ms`);
    for (const url of [primaryUrl, replicaUrl]) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      admins.push(client);
    }
    [primaryAdmin, replicaAdmin] = admins;
    db = await openDatabase(primaryUrl, { replicaUrls: [replicaUrl] });
    // Another newsgraph server that writes to the same primary (its writes are not this process's).
    other = await openDatabase(primaryUrl, { replicaUrls: [] });
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([db?.close(), other?.close(), ...admins.map((c) => c.end())]);
    if (dir) {
      await run('sh', [SCRIPT, 'stop', join(dir, 'cluster')], { env: { ...process.env, PG_BIN } }).catch((e) => console.error(e));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  const titles = async (client: pg.Client) => (await client.query<{ title: string }>('SELECT title FROM "Article" ORDER BY id')).rows.map((r) => r.title);
  const pauseReplay = async () => {
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    await until('replay is paused', async () => (await replicaAdmin.query('SELECT pg_get_wal_replay_pause_state() AS s')).rows[0].s === 'paused');
  };
  const resumeReplay = () => replicaAdmin.query('SELECT pg_wal_replay_resume()');
  const counters = () => {
    const r = db!.replication!;
    return { primary: r.primary.count, replica: r.replicas[0].statements.count, all: db!.statements.count };
  };
  const resetCounters = () => {
    db!.replication!.primary.reset();
    db!.replication!.replicas[0].statements.reset();
    db!.statements.reset();
  };
  const recorded = () => ({
    primary: (db!.replication!.primary.recorded ?? []).map((s) => s.sql),
    replica: (db!.replication!.replicas[0].statements.recorded ?? []).map((s) => s.sql),
  });

  it('the replica is a streaming standby of the migrated primary', async () => {
    expect((await replicaAdmin.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(true);
    expect((await primaryAdmin.query('SELECT count(*)::int AS n FROM pg_stat_replication')).rows[0].n).toBe(1);
    await until('the schema is replayed', async () => (await replicaAdmin.query(`SELECT to_regclass('"Article"') AS t`)).rows[0].t !== null);
    expect(db!.replication!.replicas.map((r) => r.url)).toEqual([replicaUrl]);
  });

  it('(1) a mutation writes on the primary and reads its own result back, even while the replica lags', async () => {
    const gql = service(db!);
    await pauseReplay();
    db!.replication!.primary.recorded = [];
    db!.replication!.replicas[0].statements.recorded = [];
    resetCounters();
    const result = await gql(INGEST, { input: article('Lachin', 4) });
    expect(result.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    expect(result.ingestArticle.data.status).toBe('CREATED');
    const afterMutation = counters();
    expect(afterMutation.all).toBe(afterMutation.primary + afterMutation.replica);
    // The whole mutation ran on the primary: its transaction (a standby refuses writes anyway) and its
    // "already stored?" look-up (server/http.ts sends every read of a mutation there).
    const { primary, replica } = recorded();
    expect(primary.filter((sql) => /^\s*INSERT/i.test(sql)).length).toBeGreaterThan(5);
    expect(primary.some((sql) => /"Article"/.test(sql) && /^\s*INSERT/i.test(sql))).toBe(true);
    expect(replica).toEqual([]);
    db!.replication!.primary.recorded = null;
    db!.replication!.replicas[0].statements.recorded = null;
    resetCounters();
    expect(await titles(primaryAdmin)).toEqual(['Talks resume over the Lachin crossing']);
    expect(await titles(replicaAdmin)).toEqual([]);

    // Read-your-writes: the replica has not replayed the ingest, so this process reads from the primary.
    const read = await gql(COUNT_AND_SEARCH, { q: 'Lachin' });
    expect(read.articles.totalCount).toBe(1);
    expect(read.search.totalCount).toBeGreaterThan(0);
    expect(counters().replica).toBe(0);
  });

  it('(2) reads are served by the replica: a row written elsewhere is invisible until it is replayed', async () => {
    const gql = service(db!);
    await resumeReplay();
    await until('the replica replays the first article', async () => (await titles(replicaAdmin)).length === 1);
    // Background writes on the primary (autovacuum, analyze) move the position the router waits for,
    // so under load it may take a moment before the replica is current again.
    let read: any;
    await until('reads go to the replica again', async () => {
      resetCounters();
      read = await gql(COUNT_AND_SEARCH, { q: 'Lachin' });
      return counters().replica > 0 && counters().primary === 0;
    });
    expect(read.articles.totalCount).toBe(1);
    expect(read.search.totalCount).toBeGreaterThan(0);

    // Another server ingests a second article while this replica is paused.
    await pauseReplay();
    const written = await service(other!)(INGEST, { input: article('Zangezur', 5) });
    expect(written.ingestArticle.data.status).toBe('CREATED');
    expect(await titles(primaryAdmin)).toHaveLength(2);
    expect(await titles(replicaAdmin)).toHaveLength(1);

    resetCounters();
    read = await gql(COUNT_AND_SEARCH, { q: 'Zangezur' });
    // Model reads (articles) and the raw full-text search both hit the replica, which lacks the row.
    expect(read.articles.totalCount).toBe(1);
    expect(read.articles.edges.map((e: any) => e.node.title)).toEqual(['Talks resume over the Lachin crossing']);
    expect(read.search.totalCount).toBe(0);
    expect(counters().primary).toBe(0);
    expect(counters().replica).toBeGreaterThanOrEqual(3);
    expect(counters().all).toBe(counters().replica);

    // readFromPrimary sends the same reads to the primary, which has the row.
    resetCounters();
    read = await readFromPrimary(() => gql(COUNT_AND_SEARCH, { q: 'Zangezur' }));
    expect(read.articles.totalCount).toBe(2);
    expect(counters().replica).toBe(0);
  });

  it('(2b) ingesting what another server just stored answers ALREADY_EXISTS though the replica lags', async () => {
    // A mutation reads from the primary only (server/http.ts), so its "already stored?" check sees
    // the article the other server wrote although the replica has not replayed it yet.
    const text = article('Kelbajar', 6, false);
    expect((await service(other!)(INGEST, { input: text })).ingestArticle.data.status).toBe('CREATED');
    expect(await titles(replicaAdmin)).toHaveLength(1);
    resetCounters();
    const again = await service(db!)(INGEST, { input: text });
    expect(again.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    expect(again.ingestArticle.data.status).toBe('ALREADY_EXISTS');
    expect(counters().replica).toBe(0);
    expect(counters().primary).toBeGreaterThan(0);
  });

  it('(3) once replay resumes, the write made on the primary is readable through the API', async () => {
    const gql = service(db!);
    await resumeReplay();
    const started = Date.now();
    await until('the replica has replayed everything', async () => (await titles(replicaAdmin)).length === 3);
    console.log(`replica caught up in ${Date.now() - started} ms`);
    // This process's last write (the failed ingest) must be replayed before reads go back to the replica.
    await until('reads go back to the replica', async () => {
      resetCounters();
      await gql('{ articles { totalCount } }');
      return counters().primary === 0;
    });
    resetCounters();
    const read = await gql(COUNT_AND_SEARCH, { q: 'Zangezur' });
    expect(read.articles.totalCount).toBe(3);
    expect(read.articles.edges.map((e: any) => e.node.title).sort()).toEqual([
      'Talks resume over the Kelbajar crossing',
      'Talks resume over the Lachin crossing',
      'Talks resume over the Zangezur crossing',
    ]);
    expect(read.search.totalCount).toBeGreaterThan(0);
    expect(counters().primary).toBe(0);
    expect(counters().replica).toBeGreaterThan(0);
  });
});
