import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reextractArticles } from '../server/storage/extracted.js';
import { EXTRACTOR_VERSION } from '../server/extraction/index.js';
import { loadFixtures } from '../scripts/evaluate.js';
import { startTestService, TEST_PROVIDERS, type TestService } from './harness.js';

const SAMPLE = readFileSync(new URL('../prisma/sample/2021-11-17-baku-border-clashes.txt', import.meta.url), 'utf8');

const INGEST_TEXT = /* GraphQL */ `
  mutation($input: IngestArticleInput!) {
    ingestArticle(input: $input) {
      __typename
      ... on MutationIngestArticleSuccess { data { status actorsCreated actorsReused statements events eventsMerged reports article { id body dateline publishedAt extractorVersion } } }
      ... on ValidationError { issues { field problem } }
    }
  }
`;

// Two reports of one clash, from two sides, a day apart in publication.
const REPORT_YEREVAN = ` date 2022-09-13
Yerevan: Armenia's defence ministry said Azerbaijani forces shelled Armenian positions near Jermuk on Tuesday, killing 49 Armenian soldiers.
"The enemy is using artillery and drones," the ministry said.`;
const REPORT_BAKU = ` date 2022-09-14
BAKU (AFP) - Azerbaijan's defence ministry said on Tuesday that Armenian troops attacked Azerbaijani positions in the Kelbajar district overnight.
"Our units took adequate measures," the ministry added.`;

describe.each(TEST_PROVIDERS)('ingest of raw text on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
  });
  afterAll(() => service?.dispose());

  const ingest = async (input: Record<string, unknown>) => (await service.data(INGEST_TEXT, { input })).ingestArticle;

  it('extracts and stores the sample, with spans into the stored body', async () => {
    const result = await ingest({ text: SAMPLE, source: { name: 'AFP' } });
    expect(result.data).toMatchObject({ status: 'CREATED', article: { dateline: 'Baku', publishedAt: '2021-11-17', extractorVersion: EXTRACTOR_VERSION } });
    expect(result.data.article.body.startsWith('Armenia and Azerbaijan on Tuesday')).toBe(true);
    expect(result.data.statements).toBeGreaterThan(5);
    const d = await service.data(`query($id: ID) { statements(first: 100, filter: { article: $id }, orderBy: { field: POSITION, direction: ASC }) { edges { node { quote kind speaker { name } span { start end text } } } } }`, { id: result.data.article.id });
    const body = result.data.article.body;
    for (const { node } of d.statements.edges) expect(body.slice(node.span.start, node.span.end)).toBe(node.quote);
    const byQuote = Object.fromEntries(d.statements.edges.map((e: any) => [e.node.quote, e.node.speaker?.name]));
    expect(byQuote['stopped the enemy’s advance, surrounded and detained Armenian servicemen']).toBe('Ministry of Defence of Azerbaijan');
    expect(byQuote['four Armenian soldiers were wounded']).toBe('Ministry of Defence of Armenia');
    expect(Object.values(byQuote)).toContain('Armen Grigoryan');
    expect((await ingest({ text: SAMPLE })).data.status).toBe('ALREADY_EXISTS');
  });

  it('stores every fixture article, tuned, dev and unseen, with its published date', async () => {
    // Speakers' actors, merged names and mention spans must all be storable (two spellings of one
    // organisation and a name in a title line each made an ingest fail once).
    for (const set of ['tuned', 'dev', 'unseen'] as const) {
      const fixtures = loadFixtures(set);
      expect(fixtures.length, set).toBeGreaterThan(10);
      for (const { name, text, gold } of fixtures) {
        const result = await ingest({ text: `${text}\n(${set} ${name})`, publishedAt: gold.publishedAt ?? undefined });
        expect(result.__typename, `${set}/${name}: ${JSON.stringify(result.issues ?? '')}`).toBe('MutationIngestArticleSuccess');
        expect(result.data.status, `${set}/${name}`).toBe('CREATED');
      }
    }
  }, 300_000);

  it('makes two reports of one clash one event with two reports, linked to the same actors', async () => {
    const first = await ingest({ text: REPORT_YEREVAN, source: { name: 'Armenpress' } });
    expect(first.data).toMatchObject({ status: 'CREATED', eventsMerged: 0 });
    const second = await ingest({ text: REPORT_BAKU, source: { name: 'AFP' } });
    expect(second.data.eventsMerged).toBeGreaterThanOrEqual(1);
    const d = await service.data(`{ events(filter: { types: [ASSAULT], dateFrom: "2022-09-13", dateTo: "2022-09-13" }) { totalCount edges { node { fatalities reports { totalCount edges { node { article { dateline } } } } participants { edges { node { actor { name } } } } } } } }`);
    expect(d.events.totalCount).toBe(1);
    const event = d.events.edges[0].node;
    expect(event.reports.totalCount).toBe(2);
    expect(event.reports.edges.map((e: any) => e.node.article.dateline).sort()).toEqual(['Baku', 'Yerevan']);
    expect(event.participants.edges.map((e: any) => e.node.actor.name)).toEqual(expect.arrayContaining(['Armed Forces of Armenia', 'Armed Forces of Azerbaijan']));
    const states = await service.data(`{ actors(filter: { search: "Armenia", kinds: [STATE] }) { totalCount } }`);
    expect(states.actors.totalCount).toBe(1);
  });

  it('rejects text together with structured items, or neither, and empty or binary text', async () => {
    expect(await ingest({ text: 'Some text here.', actors: [{ ref: 'a', name: 'A', kind: 'STATE' }] })).toMatchObject({
      __typename: 'ValidationError', issues: [{ field: 'input.actors', problem: 'goes with body, not with text: text is extracted automatically' }],
    });
    expect(await ingest({ title: 'nothing' })).toMatchObject({ __typename: 'ValidationError', issues: [{ field: 'input.body' }] });
    expect(await ingest({ text: '   ' })).toMatchObject({ __typename: 'ValidationError', issues: [{ field: 'input.text', problem: 'must not be empty' }] });
    // NUL characters are refused in any argument, before the mutation runs (server/http/limits.ts).
    const binary = await service.gql(INGEST_TEXT, { input: { text: 'abc\u0000def ghi' } });
    expect(binary.errors).toEqual([{ message: 'Invalid input: $input.text contains NUL characters: binary data, not text', extensions: { code: 'BAD_USER_INPUT' } }]);
  });

  it('re-extracts articles of an older extractor version and keeps what users corrected', async () => {
    const { articles } = await service.data(`{ articles(filter: { search: "Grigoryan" }) { edges { node { id statements(first: 100) { totalCount edges { node { id quote speaker { name } } } } } } } }`);
    const article = articles.edges[0].node;
    const target = article.statements.edges.find((e: any) => e.node.speaker?.name === 'Armen Grigoryan').node;
    const russia = (await service.data(`{ actors(filter: { search: "Russia", kinds: [STATE] }) { edges { node { id } } } }`)).actors.edges[0].node.id;
    const corrected = await service.data(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { __typename ... on MutationUpdateStatementSuccess { data { speaker { name } correctedAt } } } }`, {
      input: { id: target.id, speaker: russia },
    });
    expect(corrected.updateStatement.data.speaker.name).toBe('Russia');
    const articleDbId = Number(Buffer.from(article.id, 'base64').toString().split(':')[1]);
    await service.db.prisma.article.update({ where: { id: articleDbId }, data: { extractorVersion: 'rules-0' } });

    const result = await reextractArticles(service.db.prisma);
    expect(result).toEqual({ articles: 1, statementsKept: 1, skipped: [] });
    const after = await service.data(`query($id: ID!) { node(id: $id) { ... on Article { extractorVersion statements(first: 100) { totalCount edges { node { quote speaker { name } correctedAt } } } } } }`, { id: article.id });
    expect(after.node.extractorVersion).toBe(EXTRACTOR_VERSION);
    expect(after.node.statements.totalCount).toBe(article.statements.totalCount);
    const body = (await service.data(`query($id: ID!) { node(id: $id) { ... on Article { body } } }`, { id: article.id })).node.body;
    const spans = await service.data(`query($id: ID) { statements(first: 100, filter: { article: $id }) { edges { node { quote span { start end } } } } }`, { id: article.id });
    for (const { node } of spans.statements.edges) expect(body.slice(node.span.start, node.span.end)).toBe(node.quote);
    const kept = after.node.statements.edges.map((e: any) => e.node).find((s: any) => s.quote === target.quote);
    expect(kept).toMatchObject({ speaker: { name: 'Russia' }, correctedAt: expect.any(String) });
    expect(await reextractArticles(service.db.prisma)).toEqual({ articles: 0, statementsKept: 0, skipped: [] });
  });
});
