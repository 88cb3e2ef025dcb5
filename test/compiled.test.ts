import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { createApp } from '../server/http/app.js';
import { compileOperation } from '../server/graphql/compiled.js';
import { schema } from '../server/graphql/schema.js';
import { loadSampleArticle } from '../server/storage/sample.js';
import { startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { ArticleWriter, syntheticArticle } from './fixtures.js';
import { INGEST } from './operations.js';
import { NESTED } from '../bench/scenarios.js';

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

/** Queries the compiler answers with one statement; each must equal the Pothos answer byte for byte. */
const COMPILED = [
  NESTED,
  `{ events { totalCount edges { node { __typename id type summary date datePrecision status fatalities injuries createdAt place { id name kind countryCode } } } } }`,
  `{ events(first: 7, orderBy: { field: DATE, direction: ASC }) { edges { node { id date } } } }`,
  `{ events(first: 3, orderBy: { field: CREATED_AT }) { edges { node { id reports(first: 2) { totalCount edges { node { article { title publishedAt dateline source { name domain } } statement { quote speaker { name } } } } } } } } }`,
  `{ e: events(first: 0) { totalCount edges { node { id } } } a: actors(first: 100) { totalCount edges { node { id name kind countryCode title createdAt parent { name } } } } }`,
  `{ actors(orderBy: { field: NAME, direction: DESC }, first: 50) { edges { node { name statements(first: 3) { totalCount edges { node { quote kind cue event { type } } } } participations(first: 2) { edges { node { role event { summary } } } } } } } }`,
  `{ actors(orderBy: { field: CREATED_AT }) { edges { node { id mentions(first: 2) { totalCount edges { node { article { id } } } } } } } }`,
  `{ statements(first: 30) { totalCount edges { node { id quote kind cue speaker { id name } article { id title url } event { id } } } } }`,
  `{ articles { edges { node { id url title publishedAt dateline language contentHash extractorVersion ingestedAt source { id name } } } } }`,
  `{ articles(orderBy: { field: PUBLISHED_AT, direction: ASC }) { edges { node { publishedAt } } } x: articles(orderBy: { field: INGESTED_AT }) { edges { node { id } } } }`,
  `query Frag { events(first: 4) { edges { node { ...E } } } } fragment E on Event { id type participants { edges { node { role actor { ... on Actor { name } } } } } }`,
  `query V($first: Int = 3) { events(first: $first) { edges { node { id } } } }`,
  `{ articles(first: 1) { edges { node { title statements: source { name } } } } statements(first: 1) { edges { node { quote speaker { name title } } } } }`,
];

/** Queries it must leave to Pothos: they keep working, through more statements. */
const NOT_COMPILED = [
  `{ events(first: 2) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
  `{ events(filter: { types: [ASSAULT] }) { edges { node { id } } } }`,
  `{ statements(first: 2) { edges { node { sentence { text } } } } }`,
  `{ places { edges { node { latitude } } } }`,
  `{ events(first: 2) { edges { node { id @include(if: true) } } } }`,
  // One response key selected twice: GraphQL merges the selections.
  `{ statements(first: 3) { edges { node { id id speaker { name } speaker { id } } } } }`,
];

describe.each(TEST_PROVIDERS)('compiled queries on %s', (provider) => {
  let service: TestService;
  let plain: ReturnType<typeof createApp>;
  beforeAll(async () => {
    service = await startTestService(provider);
    const { extractorVersion: _v, ...sample } = loadSampleArticle();
    await service.data(INGEST, { input: sample });
    for (let i = 0; i < 4; i++) await service.data(INGEST, { input: syntheticArticle(i, 3) });
    // Text that JSON escapes: SQLite's JSON goes out as it is printed, so it must print it as JSON.stringify does.
    const odd = new ArticleWriter({ title: 'Tab\there, "quotes", back\\slash, \u0001\u001f bell\u0007, line\u2028sep, é, 😀, </script>', publishedAt: '2030-01-01' });
    odd.actor('x', 'Ünïcode "Actor" \\ 😀', 'PERSON', { title: 'new\nline' });
    odd.write('[x:Ünïcode "Actor" \\ 😀] said "{tab\tand \u001b escape, \u2029 and 𝄞}". ', { speakerRef: 'x' });
    await service.data(INGEST, { input: odd.build() });
    plain = createApp({ db: service.db, compile: false, logError: (e) => service.logged.push(e) });
  });
  afterAll(() => service?.dispose());

  const answer = async (app: ReturnType<typeof createApp>, query: string, variables?: Record<string, unknown>) => {
    service.db.statements.reset();
    const res = await app.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return { body: await res.text(), statements: service.db.statements.reset() };
  };

  it.each(COMPILED)('answers %s in one statement, exactly as Pothos does', async (query) => {
    const compiled = await answer(service.app, query);
    const reference = await answer(plain, query);
    expect(JSON.parse(compiled.body).errors).toBeUndefined();
    expect(compiled.body).toBe(reference.body);
    expect(compiled.statements).toBe(1);
  });

  it('resolves node ids of every type, merged actors and unknown ids the same way', async () => {
    const merged = await service.db.prisma.actor.findFirstOrThrow({ where: { name: 'Russia' }, select: { id: true } });
    const other = await service.db.prisma.actor.findFirstOrThrow({ where: { name: 'Ministry of Defence of Russia' }, select: { id: true } });
    await service.db.prisma.$transaction([
      service.db.prisma.actorRedirect.create({ data: { fromId: 999_999, actorId: merged.id } }),
    ]);
    const ids = [gid('Actor', merged.id), gid('Actor', other.id), gid('Actor', 999_999), gid('Event', 1), gid('Statement', 2), gid('Article', 1), gid('Place', 1), gid('Source', 1), gid('Actor', 123_456)];
    for (const id of ids) {
      const query = `query($id: ID!) { node(id: $id) { __typename id ... on Actor { name kind } ... on Event { type date } ... on Statement { quote } ... on Article { title } ... on Place { name } ... on Source { name } } }`;
      const compiled = await answer(service.app, query, { id });
      expect(compiled.body).toBe((await answer(plain, query, { id })).body);
      expect(compiled.statements).toBe(1);
    }
  });

  it.each(NOT_COMPILED)('leaves %s to Pothos', async (query) => {
    expect(compileOperation(schema, parse(query), undefined, {}, provider)).toBeNull();
    const answered = await answer(service.app, query);
    expect(answered.body).toBe((await answer(plain, query)).body);
  });

  it.each(COMPILED)('compiles %s', (query) => {
    expect(compileOperation(schema, parse(query), undefined, {}, provider)).not.toBeNull();
  });

  it('never puts request variables into SQL unchecked', async () => {
    const query = `query($o: ActorOrder, $n: Int) { actors(orderBy: $o, first: $n) { edges { node { name } } } }`;
    for (const variables of [
      { o: { field: 'NAME', direction: 'DESC, (SELECT count(*) FROM "Article") ' } },
      { o: { field: 'NAME; DROP TABLE "Actor"' } },
      { n: '5); DROP TABLE "Actor"; --' },
      { n: '5' },
    ]) {
      const res = await service.app.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = await res.json();
      expect(body.data).toBeUndefined();
      expect(body.errors[0].message).toMatch(/does not exist in "(SortDirection|ActorOrderField)" enum|Int cannot represent/);
    }
    expect(await service.db.prisma.actor.count()).toBeGreaterThan(0);
  });

  it('logs no compiled query that failed', () => {
    expect(service.logged).toEqual([]);
  });
});
