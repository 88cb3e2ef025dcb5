import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleArticle } from '../server/storage/sample.js';
import type { StructuredArticle } from '../server/storage/article-input.js';
import { startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { ArticleWriter, syntheticArticle } from './fixtures.js';
import { INGEST } from './operations.js';

const { extractorVersion: _v, ...sample } = loadSampleArticle();
/** An article with no date, reporting two events with no date: they order as the earliest. */
function undatedArticle(): StructuredArticle {
  const w = new ArticleWriter({ title: 'Undated' });
  w.actor('x', 'Georgia', 'STATE', { countryCode: 'GEO' });
  for (const n of [1, 2]) {
    const r = w.write(`[x:Georgia] reported unrest number ${n}. `);
    w.event({ ref: `u${n}`, type: 'PROTEST', summary: `Unrest ${n}`, participants: [{ actorRef: 'x', role: 'SOURCE' }], reports: [{ start: r.start, end: r.end - 1 }] });
  }
  return w.build();
}

const articles: StructuredArticle[] = [sample, ...[1, 2, 3, 4].map((i) => syntheticArticle(i, 3)), undatedArticle()];

/** Every event of the fixtures, flattened, as the oracle that filters are checked against. */
const allEvents = articles.flatMap((article, articleIndex) =>
  article.events!.map((e) => ({
    summary: e.summary,
    type: e.type,
    status: e.status ?? 'REPORTED',
    date: e.date ?? null,
    articleIndex,
    place: article.places?.find((p) => p.ref === e.placeRef)?.name ?? null,
    participants: (e.participants ?? []).map((p) => {
      const actor = article.actors!.find((a) => a.ref === p.actorRef)!;
      return { name: actor.name, countryCode: actor.countryCode ?? null, role: p.role };
    }),
  })),
);
const summaries = (list: { summary: string }[]) => list.map((e) => e.summary).sort();

describe.each(TEST_PROVIDERS)('queries on %s', (provider) => {
  let service: TestService;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    service = await startTestService(provider);
    for (const input of articles) {
      const result = await service.data(INGEST, { input });
      expect(result.ingestArticle.data.status).toBe('CREATED');
    }
    const d = await service.data(`{
      actors(first: 100) { edges { node { id name } } }
      places(first: 100) { edges { node { id name } } }
      articles(first: 100) { edges { node { id url title } } }
      sources { edges { node { id name } } }
    }`);
    for (const key of ['places', 'sources', 'actors'] as const) for (const e of d[key].edges) ids[e.node.name] = e.node.id;
    for (const e of d.articles.edges) ids[e.node.title ?? 'sample'] = e.node.id;
  });
  afterAll(() => service?.dispose());

  const events = async (filter: Record<string, unknown>, orderBy?: Record<string, unknown>) => {
    const d = await service.data(
      `query($filter: EventFilter, $orderBy: EventOrder) { events(first: 100, filter: $filter, orderBy: $orderBy) { totalCount edges { node { summary date } } } }`,
      { filter, orderBy },
    );
    expect(d.events.totalCount).toBe(d.events.edges.length);
    return d.events.edges.map((e: any) => e.node) as { summary: string; date: string | null }[];
  };

  describe('event filters', () => {
    it('by type', async () => {
      const expected = allEvents.filter((e) => e.type === 'AGREE' || e.type === 'ACCUSE');
      expect(expected.length).toBeGreaterThan(2);
      expect(summaries(await events({ types: ['AGREE', 'ACCUSE'] }))).toEqual(summaries(expected));
    });
    it('by status', async () => {
      expect(summaries(await events({ statuses: ['ALLEGED'] }))).toEqual(summaries(allEvents.filter((e) => e.status === 'ALLEGED')));
    });
    it('by date range, both ends included', async () => {
      const expected = allEvents.filter((e) => e.date != null && e.date >= '2021-11-14' && e.date <= '2022-03-03');
      expect(summaries(await events({ dateFrom: '2021-11-14', dateTo: '2022-03-03' }))).toEqual(summaries(expected));
      expect(summaries(await events({ dateFrom: '2022-03-05' }))).toEqual(summaries(allEvents.filter((e) => e.date! >= '2022-03-05')));
    });
    it('by actor, and by actor in a role', async () => {
      const name = 'Azerbaijan';
      const expected = allEvents.filter((e) => e.participants.some((p) => p.name === name));
      expect(summaries(await events({ actor: ids[name] }))).toEqual(summaries(expected));
      const asTarget = allEvents.filter((e) => e.participants.some((p) => p.name === name && p.role === 'TARGET'));
      expect(summaries(await events({ actor: ids[name], role: 'TARGET' }))).toEqual(summaries(asTarget));
    });
    it('by country of a participant or of the place', async () => {
      const expected = allEvents.filter((e) => e.participants.some((p) => p.countryCode === 'GEO'));
      expect(expected.length).toBeGreaterThan(0);
      expect(summaries(await events({ countryCode: 'geo' }))).toEqual(summaries(expected));
    });
    it('by place', async () => {
      expect(summaries(await events({ place: ids['Kelbajar'] }))).toEqual(summaries(allEvents.filter((e) => e.place === 'Kelbajar')));
    });
    it('by reporting article', async () => {
      expect(summaries(await events({ article: ids['Report 2: Russia and Georgia'] }))).toEqual(
        summaries(allEvents.filter((e) => e.articleIndex === 2)),
      );
    });
    it('pages a filter through participants like any other', async () => {
      const all = (await events({ countryCode: 'RUS' }, { field: 'DATE', direction: 'ASC' })).map((e) => e.summary);
      const q = `query($after: String) { events(first: 2, after: $after, filter: { countryCode: "RUS" }, orderBy: { field: DATE, direction: ASC }) { totalCount pageInfo { hasNextPage endCursor } edges { node { summary } } } }`;
      const walked: string[] = [];
      let after: string | null = null;
      for (;;) {
        const d: any = await service.data(q, { after });
        expect(d.events.totalCount).toBe(all.length);
        walked.push(...d.events.edges.map((e: any) => e.node.summary));
        if (!d.events.pageInfo.hasNextPage) break;
        after = d.events.pageInfo.endCursor;
      }
      expect(walked).toEqual(all);
      expect(all.length).toBeGreaterThan(3);
    });

    it('combined: every condition must hold', async () => {
      const expected = allEvents.filter((e) => e.status === 'ALLEGED' && e.participants.some((p) => p.countryCode === 'RUS'));
      expect(summaries(await events({ statuses: ['ALLEGED'], countryCode: 'RUS' }))).toEqual(summaries(expected));
    });
  });

  describe('event orderings', () => {
    it('by date, both directions, an unknown date counting as the earliest', async () => {
      const asc = (await events({}, { field: 'DATE', direction: 'ASC' })).map((e) => e.date);
      const desc = (await events({}, { field: 'DATE', direction: 'DESC' })).map((e) => e.date);
      const dated = allEvents.map((e) => e.date).filter((d): d is string => d != null).sort();
      expect(asc).toEqual([null, null, ...dated]);
      expect(desc).toEqual([...[...dated].reverse(), null, null]);
    });
    it('by creation, newest first by default', async () => {
      const created = await events({}, { field: 'CREATED_AT' });
      expect(created[0].summary).toBe(allEvents.at(-1)!.summary);
      expect(created.at(-1)!.summary).toBe(allEvents[0].summary);
    });
  });

  describe('actor, statement, article and place filters', () => {
    it('actors by name or alias, kind and country, ordered by name', async () => {
      const byAlias = await service.data(`{ actors(filter: { search: "DEFENCE MINISTRY" }, orderBy: { field: NAME, direction: DESC }) { edges { node { name } } } }`);
      const names = byAlias.actors.edges.map((e: any) => e.node.name);
      expect(names).toEqual([...names].sort().reverse());
      expect(names).toContain('Ministry of Defence of Georgia');
      const states = await service.data(`{ actors(filter: { kinds: [STATE], countryCode: "ARM" }) { edges { node { name } } } }`);
      expect(states.actors.edges.map((e: any) => e.node.name)).toEqual(['Armenia']);
      const children = await service.data(`query($p: ID) { actors(filter: { parent: $p }) { edges { node { name } } } }`, { p: ids['Armenia'] });
      expect(children.actors.edges.map((e: any) => e.node.name)).toEqual(
        expect.arrayContaining(['Ministry of Defence of Armenia', 'Armen Grigoryan']),
      );
    });
    it('statements by speaker, article, kind and speakerless', async () => {
      const q = `query($f: StatementFilter, $o: StatementOrder) { statements(first: 100, filter: $f, orderBy: $o) { totalCount edges { node { quote speaker { name } article { id } span { start } } } } }`;
      const bySpeaker = await service.data(q, { f: { speaker: ids['Ministry of Defence of Armenia'], kinds: ['DIRECT'] } });
      expect(bySpeaker.statements.totalCount).toBe(
        sample.statements!.filter((s) => s.speakerRef === 'armenia-mod' && s.kind === 'DIRECT').length +
          articles.slice(1).reduce((n, a) => n + a.statements!.filter((s) => a.actors!.find((x) => x.ref === s.speakerRef)?.name === 'Ministry of Defence of Armenia').length, 0),
      );
      const byArticle = await service.data(q, { f: { article: ids['sample'] }, o: { field: 'POSITION', direction: 'ASC' } });
      expect(byArticle.statements.totalCount).toBe(sample.statements!.length);
      const starts = byArticle.statements.edges.map((e: any) => e.node.span.start);
      expect(starts).toEqual([...starts].sort((a: number, b: number) => a - b));
      const speakerless = await service.data(q, { f: { hasSpeaker: false } });
      expect(speakerless.statements.totalCount).toBe(articles.flatMap((a) => a.statements!).filter((s) => s.speakerRef == null).length);
    });
    it('statements by event', async () => {
      const d = await service.data(`{ events(filter: { types: [REQUEST], dateFrom: "2021-11-16", dateTo: "2021-11-16" }) { edges { node { id } } } }`);
      const eventId = d.events.edges[0].node.id;
      const s = await service.data(`query($e: ID) { statements(filter: { event: $e }) { edges { node { quote speaker { name } } } } }`, { e: eventId });
      expect(s.statements.edges.map((e: any) => e.node.speaker?.name)).toContain('Armen Grigoryan');
    });
    it('articles by date range and source, in both orders', async () => {
      const q = `query($f: ArticleFilter, $o: ArticleOrder) { articles(filter: $f, orderBy: $o) { totalCount edges { node { title publishedAt source { name } } } } }`;
      const march = await service.data(q, { f: { publishedFrom: '2022-03-01', publishedTo: '2022-03-03' }, o: { field: 'PUBLISHED_AT', direction: 'ASC' } });
      expect(march.articles.edges.map((e: any) => e.node.publishedAt)).toEqual(['2022-03-02', '2022-03-03']);
      const wire = await service.data(q, { f: { source: ids['Wire One'] } });
      expect(wire.articles.edges.map((e: any) => e.node.title)).toEqual(['Report 3: Georgia and Turkey', 'Report 1: Azerbaijan and Russia']);
      const ingested = await service.data(q, { o: { field: 'INGESTED_AT', direction: 'ASC' } });
      expect(ingested.articles.edges[0].node.source.name).toBe('AFP');
      const newest = await service.data(q, {});
      expect(newest.articles.edges.map((e: any) => e.node.publishedAt)).toEqual(['2022-03-05', '2022-03-04', '2022-03-03', '2022-03-02', '2021-11-17', null]);
    });
    it('places by alias', async () => {
      const d = await service.data(`{ places(filter: { search: "kalbajar" }) { edges { node { name kind aliases } } } }`);
      expect(d.places.edges).toEqual([{ node: { name: 'Kelbajar', kind: 'DISTRICT', aliases: expect.arrayContaining(['Kalbajar', 'Kelbajar']) } }]);
    });
  });

  describe('full-text search', () => {
    it('ranks articles and statements, with marked snippets', async () => {
      const d = await service.data(`{ search(query: "wounded soldiers") { totalCount edges { score snippet node { __typename ... on Statement { quote } ... on Article { title } } } } }`);
      expect(d.search.totalCount).toBeGreaterThan(0);
      const nodes = d.search.edges.map((e: any) => e.node);
      expect(nodes).toContainEqual({ __typename: 'Statement', quote: 'four Armenian soldiers were wounded' });
      expect(nodes).toContainEqual({ __typename: 'Article', title: null });
      const scores = d.search.edges.map((e: any) => e.score);
      expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
      expect(d.search.edges[0].snippet).toMatch(/«\w+»/);
    });
    it('narrows connections with a search filter', async () => {
      const d = await service.data(`{ articles(filter: { search: "Grigoryan" }) { totalCount edges { node { dateline } } }
        statements(filter: { search: "artillery" }) { totalCount edges { node { speaker { name } } } } }`);
      expect(d.articles).toEqual({ totalCount: 1, edges: [{ node: { dateline: 'Baku' } }] });
      expect(d.statements.edges.map((e: any) => e.node.speaker.name)).toEqual(['Ministry of Defence of Armenia']);
    });
    it('pages a search-filtered connection forward and back, with the other filters and the ordering', async () => {
      const expected = articles.flatMap((a) => a.statements!).filter((st) => st.kind === "DIRECT" && /\bincident\b/i.test(st.quote)).map((st) => st.quote);
      expect(expected.length).toBeGreaterThan(10);
      const q = `query($after: String, $before: String, $first: Int, $last: Int) { statements(first: $first, after: $after, last: $last, before: $before,
        filter: { search: "incident", kinds: [DIRECT] }, orderBy: { field: POSITION, direction: ASC }) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { quote span { start } article { id } } } } }`;
      const forward: string[] = [];
      let page: any = await service.data(q, { first: 5 });
      for (;;) {
        expect(page.statements.totalCount).toBe(expected.length);
        forward.push(...page.statements.edges.map((e: any) => e.node.quote));
        if (!page.statements.pageInfo.hasNextPage) break;
        page = await service.data(q, { first: 5, after: page.statements.pageInfo.endCursor });
      }
      expect([...forward].sort()).toEqual([...expected].sort());
      const backward: string[] = [];
      page = await service.data(q, { last: 4 });
      for (;;) {
        backward.unshift(...page.statements.edges.map((e: any) => e.node.quote));
        if (!page.statements.pageInfo.hasPreviousPage) break;
        page = await service.data(q, { last: 4, before: page.statements.pageInfo.startCursor });
      }
      expect(backward).toEqual(forward);
      const none = await service.data(`{ statements(filter: { search: "incident", kinds: [MIXED] }) { totalCount edges { node { id } } } }`);
      expect(none.statements).toEqual({ totalCount: 0, edges: [] });
      const dated = await service.data(`{ articles(filter: { search: "incident", publishedFrom: "2022-03-03" }, orderBy: { field: PUBLISHED_AT, direction: ASC }) { totalCount edges { node { publishedAt } } } }`);
      expect(dated.articles).toEqual({ totalCount: 3, edges: ['2022-03-03', '2022-03-04', '2022-03-05'].map((publishedAt) => ({ node: { publishedAt } })) });
    });

    it('treats search text as words, never as query syntax', async () => {
      for (const query of ['"unbalanced', 'body:*', "x') OR 1=1 --", 'NEAR(a b)', 'wounded AND OR NOT']) {
        const result = await service.gql(`query($q: String!) { search(query: $q) { totalCount } }`, { q: query });
        expect(result.errors).toBeUndefined();
      }
      const count = async (q: string) => (await service.data(`query($q: String!) { search(query: $q) { totalCount } }`, { q })).search.totalCount;
      expect(await count('wounded soldiers')).toBeGreaterThan(0);
      for (const variant of ['-wounded soldiers', '"wounded" soldiers', 'wounded*soldiers']) expect(await count(variant)).toBe(await count('wounded soldiers'));
      // "OR" is a word to match (SQLite) or a stop word (PostgreSQL), never an operator that widens the search.
      expect(await count('wounded OR Karabakh')).toBeLessThanOrEqual(await count('wounded'));
      const empty = await service.gql(`{ search(query: "!!!") { totalCount } }`);
      expect(empty.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', issues: [{ field: 'query', problem: 'must contain at least one letter or digit' }] },
      });
    });
  });

  describe('pagination', () => {
    const page = (args: string) =>
      service.data(`{ events(${args}, orderBy: { field: DATE, direction: ASC }) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { summary } } } }`);

    it('walks forward with first/after and back with last/before, over the same items', async () => {
      const all = (await page('first: 100')).events.edges.map((e: any) => e.node.summary);
      const forward: string[] = [];
      let after: string | null = null;
      for (;;) {
        const d: any = await page(`first: 4${after ? `, after: "${after}"` : ''}`);
        forward.push(...d.events.edges.map((e: any) => e.node.summary));
        expect(d.events.totalCount).toBe(all.length);
        if (!d.events.pageInfo.hasNextPage) break;
        after = d.events.pageInfo.endCursor;
      }
      expect(forward).toEqual(all);
      const backward: string[] = [];
      let before: string | null = null;
      for (;;) {
        const d: any = await page(`last: 5${before ? `, before: "${before}"` : ''}`);
        backward.unshift(...d.events.edges.map((e: any) => e.node.summary));
        if (!d.events.pageInfo.hasPreviousPage) break;
        before = d.events.pageInfo.startCursor;
      }
      expect(backward).toEqual(all);
    });
    it('reports the edges of the list', async () => {
      const first = await page('first: 2');
      expect(first.events.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const last = await page('last: 2');
      expect(last.events.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      const afterLast = await page(`first: 2, after: "${last.events.pageInfo.endCursor}"`);
      expect(afterLast.events.edges).toEqual([]);
      expect(afterLast.events.pageInfo.hasNextPage).toBe(false);
    });
    it('answers a malformed cursor as bad input', async () => {
      const bad = await service.gql(`{ events(after: "zzz") { edges { node { id } } } }`);
      expect(bad.errors?.[0]).toMatchObject({ message: expect.stringContaining('zzz'), extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('returns an empty page for a filter that matches nothing', async () => {
      const d = await service.data(`{ events(filter: { types: [SANCTION] }) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`);
      expect(d.events).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });
    it('pages nested connections too', async () => {
      const d = await service.data(`query($id: ID!) { node(id: $id) { ... on Actor { statements(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { quote } } } } } }`, { id: ids['Ministry of Defence of Azerbaijan'] });
      expect(d.node.statements.edges).toHaveLength(2);
      expect(d.node.statements.pageInfo.hasNextPage).toBe(true);
      const next = await service.data(`query($id: ID!, $after: String) { node(id: $id) { ... on Actor { statements(first: 50, after: $after) { edges { node { quote } } } } } }`, { id: ids['Ministry of Defence of Azerbaijan'], after: d.node.statements.pageInfo.endCursor });
      expect(next.node.statements.edges.length).toBe(d.node.statements.totalCount - 2);
    });
    it('rejects a page size beyond the limit and unsupported argument pairs', async () => {
      const tooMany = await service.gql(`{ events(first: 1000) { edges { node { id } } } }`);
      expect(tooMany.errors?.[0].message).toMatch(/100/);
      const mixed = await service.gql(`{ events(first: 2, last: 2) { edges { node { id } } } }`);
      expect(mixed.errors?.length).toBeGreaterThan(0);
      const negative = await service.gql(`{ events(first: -1) { edges { node { id } } } }`);
      expect(negative.errors?.length).toBeGreaterThan(0);
    });
  });

  describe('nodes and nesting', () => {
    it('follows an event to its actors, to what they said, to the sentence of the article', async () => {
      const d = await service.data(`{ events(first: 2, filter: { types: [REQUEST], dateFrom: "2021-11-16", dateTo: "2021-11-16" }) { edges { node {
        summary injuries participants(first: 10) { totalCount edges { node { role actor { name statements(first: 10) { edges { node {
          quote sentence { start end text } article { dateline publishedAt } } } } } } } } } } } }`);
      const clash = d.events.edges[0].node;
      expect(clash.participants.edges.map((e: any) => e.node.actor.name)).toEqual(expect.arrayContaining(['Armenia', 'Armen Grigoryan', 'Russia']));
      const statements = clash.participants.edges.flatMap((e: any) => e.node.actor.statements.edges.map((s: any) => s.node));
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        expect(s.sentence.text).toContain(s.quote);
        expect(sample.body.slice(s.sentence.start, s.sentence.end)).toBe(s.sentence.text);
      }
    });
    it('goes back from an article to its events and their participants, and from an actor to its events', async () => {
      const d = await service.data(`query($id: ID!) { node(id: $id) { ... on Article { reports(first: 100) { totalCount edges { node {
        span { text } sentence { text } statement { quote } event { type participants { edges { node { role actor { name } } } } } } } } } } }`, { id: ids['sample'] });
      expect(d.node.reports.totalCount).toBe(sample.events!.reduce((n, e) => n + e.reports!.length, 0));
      const actor = await service.data(`query($id: ID!) { node(id: $id) { ... on Actor { participations(first: 100) { totalCount edges { node { role event { summary } } } } } } }`, { id: ids['Russia'] });
      expect(actor.node.participations.totalCount).toBe(allEvents.filter((e) => e.participants.some((p) => p.name === 'Russia')).length);
    });
    it('resolves node and nodes by global id, null for an unknown one', async () => {
      const d = await service.data(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Actor { name } ... on Place { name } } }`, {
        ids: [ids['Armenia'], ids['Lachin']],
      });
      expect(d.nodes).toEqual([
        { __typename: 'Actor', id: ids['Armenia'], name: 'Armenia' },
        { __typename: 'Place', id: ids['Lachin'], name: 'Lachin' },
      ]);
      const unknown = await service.data(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from('Actor:999999').toString('base64') });
      expect(unknown.node).toBeNull();
    });
    it('rejects a malformed id or an id of the wrong type with the field named', async () => {
      const wrongType = await service.gql(`query($a: ID) { events(filter: { actor: $a }) { totalCount } }`, { a: ids['Lachin'] });
      expect(wrongType.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ field: 'filter.actor', problem: expect.stringContaining('is not the id of a Actor') }] });
      // Past the 32-bit ids both databases store, or not written in digits: refused like node ids are.
      for (const raw of ['3000000000', '1e3', '007']) {
        const outOfRange = await service.gql(`query($a: ID) { events(filter: { actor: $a }) { totalCount } }`, { a: Buffer.from(`Actor:${raw}`).toString('base64') });
        expect(outOfRange.errors?.[0].extensions, raw).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ field: 'filter.actor', problem: expect.stringContaining('is not the id of a Actor') }] });
      }
      const badRange = await service.gql(`{ events(filter: { dateFrom: "2022-01-02", dateTo: "2022-01-01" }) { totalCount } }`);
      expect(badRange.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ field: 'filter.dateTo', problem: 'the range starts after it ends' }] });
      const garbage = await service.gql(`{ node(id: "%%%") { id } }`);
      expect(garbage.errors?.length).toBe(1);
      expect(JSON.stringify(garbage)).not.toMatch(/at \w+ \(|\.ts:\d+/);
    });
  });
});
