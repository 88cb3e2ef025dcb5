/**
 * The second hardening round (issue 12), at the HTTP edge: a write that cannot get a database
 * connection in time (case 12).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type NewsgraphYoga } from '../server/http/app.js';
import { createApiKey } from '../server/storage/api-keys.js';
import { openDatabase, type Database } from '../server/storage/db.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { createEmptyDatabase, TEST_PROVIDERS } from './harness.js';
import { INGEST } from './operations.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 503 with Retry-After and SERVICE_UNAVAILABLE, telling the client that nothing was written; no driver message. */
function expectBusy(response: Response, body: any) {
  expect(response.status, JSON.stringify(body)).toBe(503);
  expect(response.headers.get('retry-after')).toBe('2');
  expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/busy.*nothing was written/), extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
  expect(JSON.stringify(body)).not.toMatch(/Unable to start|prisma|lock timeout|advisory/i);
}

describe.runIf(TEST_PROVIDERS.includes('postgresql'))('a write that cannot start its transaction in time, on PostgreSQL (case 12)', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let db: Database;
  let app: NewsgraphYoga;
  let key: string;
  const logged: Record<string, unknown>[] = [];
  beforeAll(async () => {
    database = await createEmptyDatabase('postgresql');
    await migrateDatabase(database.url);
    // One pooled connection, and a short wait for it: holding it makes the next transaction wait.
    db = await openDatabase(database.url, { poolSize: 1, transactionMaxWaitMs: 300 });
    app = createApp({ db, logError: (entry) => logged.push(entry) });
    ({ key } = await createApiKey(db.prisma, 'tests', ['write']));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const ingest = (body: string) =>
    app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: INGEST, variables: { input: { body } } }),
    });

  /** Holds the pool's only connection in a transaction until `release` is called. */
  const hold = () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const holding = new Promise<void>((r) => (started = r));
    const done = db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SELECT 1');
      started();
      await released;
    }, { maxWait: 30_000, timeout: 30_000 });
    return { holding, release, done };
  };

  it('answers 503 with Retry-After and a retryable SERVICE_UNAVAILABLE, and the retry stores the article', async () => {
    // The key is verified (and its use recorded) before the pool is held.
    expect((await (await ingest('A first article, so that the key is known.')).json()).data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    await sleep(200);

    const first = hold();
    await first.holding;
    // The ingest's own read (is this body stored?) queues for the connection first; the second
    // holder queues behind it, so the connection goes read → second holder, and the ingest's
    // transaction waits longer than its 300 ms.
    const answer = ingest('Kyiv: the ministry said the talks would go on.');
    await sleep(100);
    const second = hold();
    first.release();
    await first.done;
    const response = await answer;
    second.release();
    await second.done;

    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(503);
    expectBusy(response, body);
    expect(await db.prisma.article.count()).toBe(1);

    const retry = await ingest('Kyiv: the ministry said the talks would go on.');
    expect(retry.status).toBe(200);
    expect((await retry.json()).data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
  }, 30_000);

  it('answers the same when another process holds the write lock longer than the wait allows', async () => {
    // Another server process's writer: its own connection, holding the lock that lockWrites takes.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(7413021)');
      const started = Date.now();
      const response = await ingest('Baku: the ministry said the border was calm.');
      const body = await response.json();
      expectBusy(response, body);
      // It gave up at the lock's wait (300 ms here), not at the transaction's timeout (60 s).
      expect(Date.now() - started).toBeLessThan(10_000);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    expect(await db.prisma.article.count({ where: { body: 'Baku: the ministry said the border was calm.' } })).toBe(0);
    expect((await (await ingest('Baku: the ministry said the border was calm.')).json()).data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    expect(logged.filter((l) => l.msg === 'database busy')).toHaveLength(2);
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  }, 30_000);
});
