/**
 * server/storage/search.ts: the totalCount of full-text filters. Counting takes shortcuts (SQLite
 * keeps each statement's kind in its FTS5 index and counts there; PostgreSQL counts a one-term query
 * from SearchTermCount, which triggers keep), so every count is checked against the matches counted
 * row by row, after each kind of write the service makes: ingest, a kind correction, an actor merge,
 * re-extraction and deletion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reextractArticles } from '../server/storage/extracted.js';
import { ingestStructuredArticle } from '../server/storage/ingest.js';
import { ingest, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { syntheticArticle, rawFixtureTexts } from './fixtures.js';
import { expectSearchTermCountsKept } from './derived-tables.js';

const RAW_TEXTS = rawFixtureTexts(8);

/** One-term queries (the counted shortcut on PostgreSQL), stems, stop words, phrases, prefixes and a word found nowhere. */
const QUERIES = ['incident', 'incidents', 'said', 'Armenia', 'the', 'defence ministry', 'forces fired first', 'inc*', 'zzyzx', 'DEFENCE', 'direct', 'mixed'];

/** The FTS5 query of `text` in the columns, written here rather than taken from search.ts: the words quoted, a trailing `*` kept. */
const inColumn = (columns: string, text: string) =>
  `${columns} : (${(text.match(/[\p{L}\p{N}]+\*?/gu) ?? []).map((w) => (w.endsWith('*') ? `"${w.slice(0, -1)}"*` : `"${w}"`)).join(' ')})`;
const KIND_SETS: string[][] = [[], ['DIRECT'], ['INDIRECT', 'MIXED'], ['MIXED']];

describe.each(TEST_PROVIDERS)('full-text counts on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
    for (let i = 1; i <= 6; i++) await ingestStructuredArticle(service.db.prisma, syntheticArticle(i, 3));
    for (const text of RAW_TEXTS) await ingest(service, { text });
  }, 120_000);
  afterAll(async () => service?.dispose());

  /** The matches counted one row at a time: each row's own text test and its own kind column. */
  async function rowByRow(target: 'article' | 'statement', text: string, kinds: string[]): Promise<number> {
    const db = service.db.prisma;
    const table = target === 'article' ? 'Article' : 'Statement';
    const kindTest = kinds.length ? ` AND t."kind"${provider === 'postgresql' ? '::text' : ''} IN (${kinds.map((k) => `'${k}'`).join(', ')})` : '';
    const [row] =
      provider === 'sqlite'
        ? await db.$queryRawUnsafe<{ n: bigint | number }[]>(
            `SELECT count(*) AS n FROM "${table}" t WHERE EXISTS (SELECT 1 FROM ${table}Search s WHERE s.${table}Search MATCH ? AND s.rowid = t.id)${kindTest}`,
            // A statement's words are in its quote; its kind, also in the index, must never match them.
            inColumn(target === 'article' ? '{title body}' : 'quote', text),
          )
        : await db.$queryRawUnsafe<{ n: bigint | number }[]>(
            `SELECT count(*) AS n FROM "${table}" t WHERE t."searchVector" @@ plainto_tsquery('english', $1)${kindTest}`,
            text,
          );
    return Number(row!.n);
  }

  /** Every query's totalCount through the API, against the row-by-row count; returns how many were non-zero. */
  async function expectExactCounts(stage: string): Promise<number> {
    let nonZero = 0;
    for (const q of QUERIES) {
      const articles = await service.data(`query($q: String!) { articles(filter: { search: $q }) { totalCount } search(query: $q, targets: [ARTICLE]) { totalCount } }`, { q });
      const expected = await rowByRow('article', q, []);
      expect(articles.articles.totalCount, `${stage}: articles "${q}"`).toBe(expected);
      expect(articles.search.totalCount, `${stage}: search "${q}" in articles`).toBe(expected);
      for (const kinds of KIND_SETS) {
        const d = await service.data(`query($q: String!, $k: [StatementKind!]) { statements(filter: { search: $q, kinds: $k }) { totalCount edges { node { kind } } } }`, { q, k: kinds });
        const n = await rowByRow('statement', q, kinds);
        expect(d.statements.totalCount, `${stage}: statements "${q}" of kinds ${kinds.join(',') || 'any'}`).toBe(n);
        if (kinds.length) for (const e of d.statements.edges) expect(kinds).toContain(e.node.kind);
        if (n > 0) nonZero++;
      }
    }
    return nonZero;
  }

  const expectTermCountsRecomputed = (stage: string) => expectSearchTermCountsKept(service.db.prisma, provider, stage);

  it('are exact after ingest, for single words, phrases, stems, stop words and prefixes, with and without kinds', async () => {
    expect(await expectExactCounts('after ingest')).toBeGreaterThan(8);
    if (provider === 'postgresql') expect(await expectTermCountsRecomputed('after ingest')).toBeGreaterThan(500);
  });

  it('follow a corrected kind, an actor merge, re-extraction and a deleted article', async () => {
    const db = service.db.prisma;
    // A kind correction moves a statement between kinds, in the FTS5 index and in the term counts.
    const direct = await service.data(`{ statements(first: 3, filter: { search: "incident", kinds: [DIRECT] }) { edges { node { id } } } }`);
    expect(direct.statements.edges).toHaveLength(3);
    for (const e of direct.statements.edges) {
      const r = await service.data(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { __typename } }`, { input: { id: e.node.id, kind: 'MIXED' } });
      expect(r.updateStatement.__typename).toBe('MutationUpdateStatementSuccess');
    }
    expect((await service.data(`{ statements(filter: { search: "incident", kinds: [MIXED] }) { totalCount } }`)).statements.totalCount).toBe(3);
    await expectExactCounts('after kind corrections');
    await expectTermCountsRecomputed('after kind corrections');

    // A merge rewrites speakers: the statements' terms and kinds stay, and so must the counts.
    const actors = await service.data(`{ a: actors(filter: { search: "Ministry of Defence of Georgia" }) { edges { node { id } } } b: actors(filter: { search: "Ministry of Defence of Armenia" }) { edges { node { id } } } }`);
    const merged = await service.data(`mutation($input: MergeActorsInput!) { mergeActors(input: $input) { __typename } }`, {
      input: { keep: actors.a.edges[0].node.id, merge: [actors.b.edges[0].node.id] },
    });
    expect(merged.mergeActors.__typename).toBe('MutationMergeActorsSuccess');
    await expectExactCounts('after a merge');
    await expectTermCountsRecomputed('after a merge');

    // Re-extraction deletes and re-inserts the extracted statements of the raw-text articles.
    expect((await reextractArticles(db, { all: true })).articles).toBe(RAW_TEXTS.length);
    await expectExactCounts('after re-extraction');
    await expectTermCountsRecomputed('after re-extraction');

    const first = await service.data(`{ articles(first: 2, filter: { search: "incident" }) { edges { node { id } } } }`);
    for (const e of first.articles.edges) {
      const r = await service.data(`mutation($id: ID!) { deleteArticle(id: $id) { __typename } }`, { id: e.node.id });
      expect(r.deleteArticle.__typename).toBe('MutationDeleteArticleSuccess');
    }
    await expectExactCounts('after deletions');
    await expectTermCountsRecomputed('after deletions');
  }, 120_000);

  it.runIf(provider === 'postgresql')('forget a truncated table', async () => {
    const db = service.db.prisma;
    await db.$executeRawUnsafe(`TRUNCATE "Statement" CASCADE`);
    const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "SearchTermCount" WHERE "target" = 'statement'`);
    expect(Number(row!.n)).toBe(0);
    await expectExactCounts('after truncation');
    await expectTermCountsRecomputed('after truncation');
  });
});
