/**
 * EventCountry, the countries of each event (its participants' and its place's), is kept by triggers
 * (the event_countries migrations) and answers `events(filter: { countryCode })`. After each kind of
 * write it must equal the countries computed from scratch, and the filter must match the events
 * found by hand from participants and places.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reextractArticles } from '../server/storage/extracted.js';
import { ingestStructuredArticle } from '../server/storage/ingest.js';
import { ingest, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { ArticleWriter, syntheticArticle, rawFixtureTexts } from './fixtures.js';
import { EVENT_COUNTRIES_FROM_SCRATCH, expectEventCountriesKept } from './derived-tables.js';

const RAW_TEXTS = rawFixtureTexts(6);

/** Events at a place of one country whose participants are of another, and one with no country at all. */
function placedArticle(n: number) {
  const w = new ArticleWriter({ title: `Border post ${n}`, publishedAt: `2023-02-0${n}`, places: [{ ref: 'lachin', name: 'Lachin', kind: 'CITY', countryCode: 'AZE' }] });
  w.actor('arm', 'Armenia', 'STATE', { countryCode: 'ARM' });
  w.actor('un', 'United Nations', 'ORGANIZATION');
  const r = w.write(`[arm:Armenia] reported shelling at a border post, number ${n}. `);
  w.event({ type: 'ASSAULT', summary: `Shelling ${n}`, placeRef: 'lachin', participants: [{ actorRef: 'arm', role: 'TARGET' }], reports: [{ start: r.start, end: r.end - 1 }] });
  const u = w.write(`The [un:United Nations] called for calm, number ${n}. `);
  w.event({ type: 'REQUEST', summary: `Appeal ${n}`, participants: [{ actorRef: 'un', role: 'SOURCE' }], reports: [{ start: u.start, end: u.end - 1 }] });
  return w.build();
}

describe.each(TEST_PROVIDERS)('event countries on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
    for (let i = 1; i <= 6; i++) await ingestStructuredArticle(service.db.prisma, syntheticArticle(i, 2));
    for (const n of [1, 2]) await ingestStructuredArticle(service.db.prisma, placedArticle(n));
    for (const text of RAW_TEXTS) await ingest(service, { text });
  }, 120_000);
  afterAll(async () => service?.dispose());

  const expectCountriesKept = (stage: string) => expectEventCountriesKept(service.db.prisma, stage);

  /** Every country's events through the API, against those found by hand. */
  async function expectFilterMatches(stage: string) {
    const db = service.db.prisma;
    const rows = await db.$queryRawUnsafe<{ country: string; event: number | bigint }[]>(`SELECT * FROM (${EVENT_COUNTRIES_FROM_SCRATCH}) s`);
    const byCountry = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = byCountry.get(r.country) ?? new Set();
      set.add(Buffer.from(`Event:${Number(r.event)}`).toString('base64'));
      byCountry.set(r.country, set);
    }
    for (const [country, events] of byCountry) {
      const d = await service.data(`query($c: String!) { events(first: 100, filter: { countryCode: $c }) { totalCount edges { node { id } } } }`, { c: country });
      expect(d.events.totalCount, `${stage}: ${country}`).toBe(events.size);
      expect(new Set(d.events.edges.map((e: { node: { id: string } }) => e.node.id)), `${stage}: ${country}`).toEqual(events);
    }
    return byCountry;
  }

  it('holds every event\'s participant and place countries after ingest', async () => {
    expect(await expectCountriesKept('after ingest')).toBeGreaterThan(20);
    const countries = await expectFilterMatches('after ingest');
    // The shelling at Lachin counts for Azerbaijan (its place) and Armenia (its participant).
    expect(countries.get('AZE')?.size).toBeGreaterThanOrEqual(2);
    const aze = await service.data(`{ events(filter: { countryCode: "AZE" }) { edges { node { summary } } } }`);
    expect(aze.events.edges.map((e: { node: { summary: string } }) => e.node.summary)).toEqual(expect.arrayContaining(['Shelling 1', 'Shelling 2']));
  });

  it('follows an actor\'s new country, a merge, a moved event, a place\'s new country, re-extraction and deletion', async () => {
    const db = service.db.prisma;
    const actorId = async (name: string) => (await service.data(`query($q: String) { actors(filter: { search: $q }) { edges { node { id name } } } }`, { q: name })).actors.edges.find((e: { node: { name: string } }) => e.node.name === name).node.id as string;

    const un = await actorId('United Nations');
    const swiss = async () => (await service.data(`{ events(filter: { countryCode: "CHE" }) { totalCount } }`)).events.totalCount as number;
    const before = await swiss();
    const moved = await service.data(`mutation($input: UpdateActorInput!) { updateActor(input: $input) { __typename } }`, { input: { id: un, countryCode: 'CHE' } });
    expect(moved.updateActor.__typename).toBe('MutationUpdateActorSuccess');
    // Its two appeals at least are Swiss now.
    expect(await swiss()).toBeGreaterThanOrEqual(before + 2);
    await expectCountriesKept('after an actor\'s new country');
    await service.data(`mutation($input: UpdateActorInput!) { updateActor(input: $input) { __typename } }`, { input: { id: un, countryCode: 'FRA' } });
    expect(await swiss()).toBe(before);
    await expectCountriesKept('after an actor\'s other country');

    const french = async () => (await service.data(`{ events(filter: { countryCode: "FRA" }) { totalCount } }`)).events.totalCount as number;
    const frenchBefore = await french();
    expect(frenchBefore).toBeGreaterThanOrEqual(2);
    const merged = await service.data(`mutation($input: MergeActorsInput!) { mergeActors(input: $input) { __typename } }`, {
      input: { keep: await actorId('Armenia'), merge: [un] },
    });
    expect(merged.mergeActors.__typename).toBe('MutationMergeActorsSuccess');
    // The appeals' only French participant is now Armenia.
    expect(await french()).toBeLessThanOrEqual(frenchBefore - 2);
    await expectCountriesKept('after a merge');

    // No mutation moves an event or changes a place; a script or an operator may.
    await db.$executeRawUnsafe(`UPDATE "Event" SET "placeId" = NULL WHERE "summary" = 'Shelling 1'`);
    await db.$executeRawUnsafe(`UPDATE "Place" SET "countryCode" = 'GEO' WHERE "name" = 'Lachin'`);
    await expectCountriesKept('after a moved event and a place\'s new country');
    expect((await service.data(`{ events(filter: { countryCode: "GEO" }) { edges { node { summary } } } }`)).events.edges.map((e: { node: { summary: string } }) => e.node.summary)).toContain('Shelling 2');

    // Deleting a place sets its events' place to null; deleting an actor deletes its participations.
    await db.$executeRawUnsafe(`DELETE FROM "Place" WHERE "name" = 'Lachin'`);
    await expectCountriesKept('after a deleted place');
    await db.$executeRawUnsafe(`DELETE FROM "Actor" WHERE id = (SELECT "actorId" FROM "EventParticipant" GROUP BY "actorId" ORDER BY count(*) DESC, "actorId" LIMIT 1)`);
    await expectCountriesKept('after a deleted actor');

    expect((await reextractArticles(db, { all: true })).articles).toBe(RAW_TEXTS.length);
    await expectCountriesKept('after re-extraction');

    const first = await service.data(`{ articles(first: 3) { edges { node { id } } } }`);
    for (const e of first.articles.edges) {
      const r = await service.data(`mutation($id: ID!) { deleteArticle(id: $id) { __typename } }`, { id: e.node.id });
      expect(r.deleteArticle.__typename).toBe('MutationDeleteArticleSuccess');
    }
    await expectCountriesKept('after deletions');
    await expectFilterMatches('after all of it');
  }, 120_000);

  it.runIf(provider === 'postgresql')('keeps only the places\' countries when participants are truncated', async () => {
    // An event at a place of a country, which keeps that country with no participant left.
    await ingestStructuredArticle(service.db.prisma, placedArticle(3));
    await service.db.prisma.$executeRawUnsafe(`TRUNCATE "EventParticipant"`);
    expect(await expectCountriesKept('after truncation')).toBeGreaterThan(0);
  });
});
