/**
 * Writers at the same time: ingests, re-extraction, deletions, merges and corrections, all at once.
 * Every write must succeed and the tables that triggers keep must equal their recomputation after.
 * (On PostgreSQL the writers take turns on one advisory lock, lockWrites: without it two writers
 * could lock the trigger-kept rows in opposite orders, an ingest articles-then-statements and a
 * deletion statements-then-articles, and one would die of a deadlock. The window is narrow: runs of
 * this test without the lock did not hit it, so this test guards the outcome, not the lock itself.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reextractArticles } from '../server/storage/extracted.js';
import { ingest, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { ArticleWriter, syntheticArticle, rawFixtureTexts } from './fixtures.js';
import { INGEST } from './operations.js';
import { expectEventCountriesKept, expectSearchTermCountsKept } from './derived-tables.js';

const RAW_TEXTS = rawFixtureTexts(4);

describe.each(TEST_PROVIDERS)('concurrent writers on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
    for (let i = 1; i <= 16; i++) await ingest(service, syntheticArticle(i, 2));
    for (const text of RAW_TEXTS) await ingest(service, { text });
    // Two actors for one minister, for the merge.
    for (const [name, title] of [['Ararat Mirzoyan', 'Minister meets envoys'], ['A. Mirzoyan', 'Mirzoyan again']]) {
      const w = new ArticleWriter({ title, publishedAt: '2023-05-01' });
      w.actor('min', name, 'PERSON', { countryCode: 'ARM' });
      w.write(`[min:${name}] said "{talks will go on}". `, { speakerRef: 'min' });
      await ingest(service, w.build());
    }
  }, 120_000);
  afterAll(async () => service?.dispose());

  it('all succeed, and the trigger-kept tables stay exact', async () => {
    const d = await service.data(`{
      articles(first: 12, orderBy: { field: INGESTED_AT, direction: ASC }) { edges { node { id } } }
      statements(first: 6) { edges { node { id kind } } }
      a: actors(filter: { search: "Ararat Mirzoyan" }) { edges { node { id } } }
      b: actors(filter: { search: "A. Mirzoyan" }) { edges { node { id name } } }
      c: actors(filter: { search: "Georgia" }, first: 1) { edges { node { id } } }
    }`);
    const mutation = (text: string, variables: Record<string, unknown>) => service.gql(text, variables);
    const writes: Promise<{ errors?: unknown[]; data?: any } | unknown>[] = [
      ...Array.from({ length: 16 }, (_, i) => mutation(INGEST, { input: syntheticArticle(100 + i, 3) })),
      ...d.articles.edges.map((e: any) => mutation(`mutation($id: ID!) { deleteArticle(id: $id) { __typename } }`, { id: e.node.id })),
      ...d.statements.edges.map((e: any) => mutation(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { __typename } }`, { input: { id: e.node.id, kind: e.node.kind === 'DIRECT' ? 'INDIRECT' : 'DIRECT' } })),
      mutation(`mutation($input: UpdateActorInput!) { updateActor(input: $input) { __typename } }`, { input: { id: d.c.edges[0].node.id, countryCode: 'XGE' } }),
      reextractArticles(service.db.prisma, { all: true }),
    ];
    const [a, b] = [d.a.edges[0]?.node.id, d.b.edges.find((e: any) => e.node.name === 'A. Mirzoyan')?.node.id];
    expect(a && b && a !== b).toBe(true);
    writes.push(mutation(`mutation($input: MergeActorsInput!) { mergeActors(input: $input) { __typename } }`, { input: { keep: a, merge: [b] } }));
    const results = await Promise.all(writes);
    for (const r of results) {
      if (r && typeof r === 'object' && 'errors' in r) expect((r as { errors?: unknown[] }).errors, JSON.stringify(r)).toBeUndefined();
      if (r && typeof r === 'object' && 'data' in r) {
        const [payload] = Object.values((r as { data: Record<string, { __typename: string }> }).data);
        expect(payload.__typename, JSON.stringify(r)).toMatch(/^Mutation\w+Success$/);
      }
    }
    expect(service.logged.filter((e) => e.level === 'error')).toEqual([]);
    await expectEventCountriesKept(service.db.prisma, 'after concurrent writes');
    await expectSearchTermCountsKept(service.db.prisma, provider, 'after concurrent writes');
    expect((await service.data(`{ events(filter: { countryCode: "XGE" }) { totalCount } }`)).events.totalCount).toBeGreaterThan(0);
  }, 120_000);
});
