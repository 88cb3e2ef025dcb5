import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { syntheticArticle } from './fixtures.js';
import { INGEST } from './operations.js';


const COUNTS = `{
  articles { totalCount } actors { totalCount } events { totalCount } statements { totalCount } places { totalCount } sources { totalCount }
}`;

describe.each(TEST_PROVIDERS)('ingestArticle on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
  });
  afterAll(() => service?.dispose());

  const counts = async () => {
    const d = await service.data(COUNTS);
    return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, (v as { totalCount: number }).totalCount]));
  };

  it('writes an article with its actors, statements and events, then reports it as existing', async () => {
    const input = syntheticArticle(1, 3);
    const first = await service.data(INGEST, { input });
    expect(first.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    expect(first.ingestArticle.data).toMatchObject({
      status: 'CREATED', actorsCreated: 4, actorsReused: 0, statements: 6, events: 3, reports: 3,
    });
    const before = await counts();
    expect(before).toMatchObject({ articles: 1, actors: 4, events: 3, statements: 6, sources: 1 });

    const second = await service.data(INGEST, { input });
    expect(second.ingestArticle.data.status).toBe('ALREADY_EXISTS');
    expect(second.ingestArticle.data.article.id).toBe(first.ingestArticle.data.article.id);
    expect(await counts()).toEqual(before);
  });

  it('reuses actors matched by alias in a later article', async () => {
    // Article 6 is about Azerbaijan and Russia again, like article 1, under another url.
    const result = await service.data(INGEST, { input: syntheticArticle(6, 2) });
    expect(result.ingestArticle.data).toMatchObject({ status: 'CREATED', actorsCreated: 0, actorsReused: 4 });
    const d = await service.data(`{ actors(filter: { search: "azerbaijan", kinds: [STATE] }) { totalCount edges { node { name mentions { totalCount } } } } }`);
    expect(d.actors.totalCount).toBe(1);
    expect(d.actors.edges[0].node.mentions.totalCount).toBe(3 + 2); // one per event
  });

  it('rejects an ingest with one invalid item as a whole, naming the field, and writes nothing', async () => {
    const before = await counts();
    const input = syntheticArticle(2, 3);
    input.statements![4] = { ...input.statements![4], end: input.body.length + 10 };
    input.events![1] = { ...input.events![1], participants: [{ actorRef: 'nobody', role: 'SOURCE' }] };
    const result = await service.data(INGEST, { input });
    expect(result.ingestArticle.__typename).toBe('ValidationError');
    expect(result.ingestArticle.issues).toEqual([
      { field: 'input.statements[4]', problem: expect.stringContaining('is not inside the body') },
      { field: 'input.events[1].participants[0].actorRef', problem: 'no actor with ref "nobody" in this input' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('rolls the whole transaction back when the database refuses one row', async () => {
    const before = await counts();
    // Valid on its own, but its url belongs to another body: the conflict comes after the source was written.
    const input = { ...syntheticArticle(3, 2), url: syntheticArticle(1).url, source: { name: 'A Brand New Wire' } };
    const result = await service.data(INGEST, { input });
    expect(result.ingestArticle).toMatchObject({ __typename: 'ConflictError', field: 'input.url' });
    expect(await counts()).toEqual(before);
  });

  it('rejects a quote that does not match the body at its span', async () => {
    const input = syntheticArticle(4, 1);
    input.statements![0] = { ...input.statements![0], quote: 'words nobody said' };
    const result = await service.data(INGEST, { input });
    expect(result.ingestArticle.issues[0]).toEqual({
      field: 'input.statements[0]',
      problem: expect.stringMatching(/^text "words nobody said" does not match the body at \[\d+, \d+\), which reads/),
    });
  });

  it.each([
    ['an empty body', { body: '   ' }, 'input.body', 'must not be empty'],
    ['a bad url', { url: 'not a url' }, 'input.url', '"not a url" is not a URL'],
    ['a bad country code', { actors: [{ ref: 'x', name: 'X', kind: 'STATE', countryCode: 'am' }] }, 'input.actors[0].countryCode', '"am" is not an ISO 3166-1 alpha-3 code (three capital letters)'],
    ['a duplicate ref', { actors: [{ ref: 'x', name: 'X', kind: 'STATE' }, { ref: 'x', name: 'Y', kind: 'STATE' }] }, 'input.actors[1].ref', '"x" is used twice'],
    ['negative fatalities', { events: [{ type: 'ASSAULT', summary: 's', fatalities: -1 }] }, 'input.events[0].fatalities', 'must be a whole number, zero or more'],
    ['a confidence above 1', { events: [{ type: 'ASSAULT', summary: 's', confidence: 1.5 }] }, 'input.events[0].confidence', 'must be between 0 and 1'],
  ])('rejects %s', async (_name, patch, field, problem) => {
    const before = await counts();
    const result = await service.data(INGEST, { input: { body: 'Some body text.', ...patch } });
    expect(result.ingestArticle.__typename).toBe('ValidationError');
    expect(result.ingestArticle.issues).toContainEqual({ field, problem });
    expect(await counts()).toEqual(before);
  });

  it('makes one actor of a new name that eight ingests at once all mention', async () => {
    const texts = Array.from({ length: 8 }, (_, i) => ({
      body: `Freedonia said on day ${i} that talks went well.`,
      actors: [{ ref: 'f', name: 'Freedonia', kind: 'STATE', countryCode: 'FRD', mentions: [{ start: 0, end: 9 }] }],
      source: { name: 'Concurrent Wire' },
    }));
    const results = await Promise.all(texts.map((input) => service.data(INGEST, { input })));
    expect(results.map((r) => r.ingestArticle.data?.status)).toEqual(Array(8).fill('CREATED'));
    const d = await service.data(`{ actors(filter: { search: "Freedonia" }) { totalCount edges { node { mentions { totalCount } } } } sources { edges { node { name } } } }`);
    expect(d.actors).toEqual({ totalCount: 1, edges: [{ node: { mentions: { totalCount: 8 } } }] });
    expect(d.sources.edges.filter((e: any) => e.node.name === 'Concurrent Wire')).toHaveLength(1);
  });

  it('rejects values of the wrong GraphQL type before running anything', async () => {
    const result = await service.gql(INGEST, { input: { body: 'x', publishedAt: '2021-02-30' } });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].message).toContain('"2021-02-30" is not a date of the form YYYY-MM-DD');
    const enumResult = await service.gql(INGEST, { input: { body: 'x', actors: [{ ref: 'a', name: 'A', kind: 'PLANET' }] } });
    expect(enumResult.errors?.[0].message).toContain('Value "PLANET" does not exist in "ActorKind" enum');
  });
});
