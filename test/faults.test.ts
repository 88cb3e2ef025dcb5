/**
 * Faults: a batch ingest killed with SIGKILL in the middle, and PostgreSQL stopped under a running
 * server. Afterwards the data is consistent and complete, and the server recovers by itself.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../server/storage/db.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { createEmptyDatabase, TEST_PROVIDERS } from './harness.js';
import { createKeyFor, startServer, stop, type Running } from './server-process.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'newsgraph.js');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

const PLACES = [['Kyiv', 'Ukraine', 'Kharkiv', 'Russian'], ['Baku', 'Azerbaijan', 'Lachin', 'Armenian'], ['Yerevan', 'Armenia', 'Goris', 'Azerbaijani'], ['Moscow', 'Russia', 'Belgorod', 'Ukrainian']];
/** Raw articles with quotes, speakers and events, each a different text. */
function batch(n: number): string {
  return Array.from({ length: n }, (_, i) => {
    const [city, country, target, enemy] = PLACES[i % PLACES.length];
    const text = `${city}: ${country}'s defence ministry said on Monday that ${enemy} forces shelled ${target} overnight, killing ${(i % 9) + 1} people. ` +
      `"The attacks will not go unanswered," the ministry said in a statement. Officials accused ${enemy} troops of violating the ceasefire. (Report ${i}.)`;
    return JSON.stringify({ text, url: `https://news.example/batch/${i}`, publishedAt: `2024-0${(i % 9) + 1}-1${i % 10}` });
  }).join('\n');
}

const TABLES = ['Article', 'Actor', 'ActorAlias', 'ActorMention', 'Place', 'Statement', 'Event', 'EventParticipant', 'EventReport'] as const;
async function tableCounts(db: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of TABLES) counts[t] = Number((await db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*) AS n FROM "${t}"`))[0].n);
  return counts;
}
/** Per article (by content hash): how many statements, mentions and reports it has. */
async function derivedPerArticle(db: Database): Promise<Map<string, string>> {
  const rows = await db.prisma.article.findMany({ select: { contentHash: true, _count: { select: { statements: true, mentions: true, reports: true } } } });
  return new Map(rows.map((r) => [r.contentHash, JSON.stringify(r._count)]));
}

const ingest = (url: string, file: string) => run(process.execPath, [BIN, 'ingest', file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, maxBuffer: 1 << 24 });

describe.each(TEST_PROVIDERS)('a batch ingest killed with SIGKILL on %s', (provider) => {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-kill-'));
  const file = join(dir, 'batch.ndjson');
  const N = 240;
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no article without its derived rows, and a rerun completes the batch with nothing doubled', async () => {
    writeFileSync(file, batch(N));
    // What an uninterrupted run stores: the reference.
    const clean = await createEmptyDatabase(provider);
    drops.push(clean.drop);
    await ingest(clean.url, file);
    const reference = await openDatabase(clean.url);
    const expected = await tableCounts(reference);
    const expectedDerived = await derivedPerArticle(reference);
    await reference.close();
    expect(expected.Article).toBe(N);

    const killed = await createEmptyDatabase(provider);
    drops.push(killed.drop);
    // Migrated first, so that this process can watch the count from the start.
    await migrateDatabase(killed.url);
    const db = await openDatabase(killed.url);
    const child = spawn(process.execPath, [BIN, 'ingest', file], { cwd: ROOT, env: { ...process.env, DATABASE_URL: killed.url }, stdio: 'ignore' });
    try {
      let stored = 0;
      const deadline = Date.now() + 60_000;
      while (stored < N / 4 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        stored = await db.prisma.article.count().catch(() => 0);
      }
      child.kill('SIGKILL');
      if (child.exitCode == null && child.signalCode == null) await new Promise((r) => child.once('exit', r));
      const atKill = await db.prisma.article.count();
      expect(atKill, 'killed in the middle of the batch').toBeGreaterThan(0);
      expect(atKill).toBeLessThan(N);

      // Consistent: every stored article has exactly the derived rows an uninterrupted run gives it.
      if (provider === 'sqlite') {
        expect(await db.prisma.$queryRawUnsafe('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        expect(await db.prisma.$queryRawUnsafe('PRAGMA foreign_key_check')).toEqual([]);
      }
      const partial = await derivedPerArticle(db);
      expect(partial.size).toBe(atKill);
      for (const [hash, derived] of partial) expect(derived, hash).toBe(expectedDerived.get(hash));

      // The rerun stores the rest, skipping what is there.
      const rerun = await ingest(killed.url, file);
      expect(rerun.stdout).toMatch(new RegExp(`^ingested ${N - atKill}, already present ${atKill}, failed 0$`, 'm'));
      expect(await tableCounts(db)).toEqual(expected);
      expect(await derivedPerArticle(db)).toEqual(expectedDerived);
    } finally {
      child.kill('SIGKILL');
      await db.close();
    }
  }, 240_000);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.runIf(TEST_PROVIDERS.includes('postgresql'))('PostgreSQL stopped under a running server', () => {
  const SCRIPT = join(ROOT, 'scripts', 'pg-replica.sh');
  let dir = '';
  let server: Running | undefined;
  let url = '';
  let key = '';
  const script = (...args: string[]) => run('sh', [SCRIPT, ...args], { env: { ...process.env, PG_BIN, NO_REPLICA: '1' } });

  beforeAll(async () => {
    if (!existsSync(join(PG_BIN, 'initdb'))) throw new Error(`PostgreSQL server binaries not found in ${PG_BIN}: set PG_BIN (CI has them)`);
    dir = mkdtempSync(join(tmpdir(), 'newsgraph-outage-'));
    chmodSync(dir, 0o711);
    const { stdout } = await script('start', join(dir, 'cluster'), String(await freePort()));
    url = /PRIMARY_URL=(\S+)/.exec(stdout)![1];
    key = await createKeyFor(url, ['write']);
    server = await startServer({ DATABASE_URL: url });
  }, 120_000);
  afterAll(async () => {
    if (server) await stop(server);
    if (dir) {
      await script('stop', join(dir, 'cluster')).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const request = async (path: string, query?: string) => {
    const response = await fetch(`http://127.0.0.1:${server!.port}${path}`, query
      ? { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) }
      : undefined);
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
  };
  const READ = '{ articles { totalCount } events(first: 3) { edges { node { id } } } }';
  const WRITE = `mutation { ingestArticle(input: { text: "Kyiv: Ukraine's defence ministry said Russian forces shelled Kharkiv, killing 2 people." }) { __typename } }`;

  it('answers 503 with Retry-After while the database is down, fails /ready, and recovers without a restart', async () => {
    expect((await request('/graphql', READ)).status).toBe(200);
    expect((await request('/ready')).status).toBe(200);

    await script('pause', join(dir, 'cluster'));
    for (const query of [READ, WRITE]) {
      const down = await request('/graphql', query);
      expect(down.status, query).toBe(503);
      expect(down.retryAfter).toBe('5');
      expect(down.body.errors[0]).toMatchObject({ message: 'The database is unavailable; retry shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } });
      expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|\.ts:\d+|\n\s+at /);
    }
    expect((await request('/ready')).body).toEqual({ status: 'not ready', reason: 'the database does not answer' });
    expect((await request('/health')).status).toBe(200);
    expect(server!.child.exitCode).toBeNull();

    await script('resume', join(dir, 'cluster'));
    let recovered = await request('/graphql', READ);
    for (let i = 0; i < 50 && recovered.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      recovered = await request('/graphql', READ);
    }
    expect(recovered.status).toBe(200);
    expect((await request('/graphql', WRITE)).body.data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    expect((await request('/ready')).status).toBe(200);
  }, 120_000);
});
