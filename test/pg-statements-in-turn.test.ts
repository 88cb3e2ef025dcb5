/**
 * pg 8 queues a statement sent on a connection that is still busy, and warns that pg 9 will refuse
 * it. Prisma sends the independent parts of one operation at once, which inside a transaction means
 * on one connection: server/storage/db.ts makes them take turns. This file watches for the warning
 * while the app writes, reads and deletes on PostgreSQL, in a process of its own (vitest's forks
 * pool), since Node prints a deprecation only the first time.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { rawFixtureTexts, syntheticArticle } from './fixtures.js';
import { INGEST } from './operations.js';

const QUEUED_BY_PG = /client is already executing a query/;

describe.skipIf(!TEST_PROVIDERS.includes('postgresql'))('statements of a PostgreSQL transaction', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  const queuedByPg = () => warnings.filter((w) => QUEUED_BY_PG.test(w.message)).map((w) => w.message);
  // process.emitWarning dispatches on the next tick.
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  let service: TestService;

  beforeAll(async () => {
    process.on('warning', onWarning);
    service = await startTestService('postgresql');
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    await service?.dispose();
  });

  it('are never queued by pg while the app ingests, reads and deletes', async () => {
    // Raw texts go through extraction and event merging, whose lookups select relations.
    for (const text of rawFixtureTexts(3)) {
      const r = await service.data(INGEST, { input: { text } });
      expect(r.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    }
    const structured = await service.data(INGEST, { input: syntheticArticle(1, 3) });
    expect(structured.ingestArticle.data.status).toBe('CREATED');
    const read = await service.data(`{ events(first: 20) { edges { node { type participants { edges { node { actor { name statements(first: 3) { edges { node { quote article { title } } } } } } } } } } } }`);
    expect(read.events.edges.length).toBeGreaterThan(0);
    const deleted = await service.data(`mutation($id: ID!) { deleteArticle(id: $id) { __typename } }`, { id: structured.ingestArticle.data.article.id });
    expect(deleted.deleteArticle.__typename).toBe('MutationDeleteArticleSuccess');

    // Several operations at once in one transaction, each selecting relations: the answers are those
    // the same operations give outside it.
    const prisma = service.db.prisma;
    const articles = { orderBy: { id: 'asc' }, select: { id: true, statements: { select: { id: true }, orderBy: { id: 'asc' } }, mentions: { select: { id: true }, orderBy: { id: 'asc' } } } } as const;
    const events = { orderBy: { id: 'asc' }, select: { id: true, place: { select: { name: true } }, participants: { select: { actorId: true, role: true }, orderBy: { actorId: 'asc' } } } } as const;
    const outside = await Promise.all([prisma.article.findMany(articles), prisma.event.findMany(events), prisma.actor.count()]);
    const inside = await prisma.$transaction((tx) => Promise.all([tx.article.findMany(articles), tx.event.findMany(events), tx.actor.count()]));
    expect(inside).toEqual(outside);
    expect(outside[0].length).toBe(3);

    await settle();
    expect(queuedByPg()).toEqual([]);
  });

  it('would be seen: pg warns when a statement waits behind another on a busy connection', async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    const wasSilent = process.noDeprecation;
    try {
      // The first runs, the second waits in pg's queue, the third finds the queue not empty.
      const queries = [client.query('SELECT pg_sleep(0.05)'), client.query('SELECT 1'), client.query('SELECT 2')];
      // The warning is dispatched on the next tick, and Node's own printer skips it if this is set
      // by then: listeners still get it, and the log of a run shows no pg warning at all.
      process.noDeprecation = true;
      await Promise.all(queries);
      await settle();
    } finally {
      process.noDeprecation = wasSilent;
      await client.end();
    }
    expect(queuedByPg().length).toBeGreaterThan(0);
  });
});
