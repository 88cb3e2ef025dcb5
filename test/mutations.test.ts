import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { ArticleWriter, syntheticArticle } from './fixtures.js';
import { INGEST } from './operations.js';

const MERGE = /* GraphQL */ `
  mutation Merge($input: MergeActorsInput!) {
    mergeActors(input: $input) {
      __typename
      ... on MutationMergeActorsSuccess { data { actor { id name aliases { text } statements { totalCount } mentions { totalCount } participations { totalCount } } moved { aliasesMoved mentionsMoved participationsMoved statementsMoved } } }
      ... on Error { message }
      ... on ValidationError { issues { field problem } }
      ... on NotFoundError { entity id field }
    }
  }
`;

const DELETE = /* GraphQL */ `
  mutation Delete($id: ID!) {
    deleteArticle(id: $id) {
      __typename
      ... on MutationDeleteArticleSuccess { data { deletedId mentions statements reports events actors } }
      ... on Error { message }
      ... on NotFoundError { entity field }
      ... on ValidationError { issues { field problem } }
    }
  }
`;

/** Two articles that name one minister differently, as two actors that a user will merge. */
function ministerArticles() {
  const a = new ArticleWriter({ title: 'Minister speaks', publishedAt: '2023-05-01' });
  a.actor('arm', 'Armenia', 'STATE', { countryCode: 'ARM' });
  a.actor('min', 'Ararat Mirzoyan', 'PERSON', { countryCode: 'ARM', title: 'Foreign Minister', parentRef: 'arm' });
  a.write('[min:Ararat Mirzoyan] said "{talks will go on}". ', { speakerRef: 'min', ref: 's1', eventRef: 'talks' });
  const r = a.write('[arm:Armenia] held talks. ');
  a.event({ ref: 'talks', type: 'CONSULT', summary: 'Talks', date: '2023-05-01', participants: [{ actorRef: 'min', role: 'SOURCE' }, { actorRef: 'arm', role: 'SOURCE' }], reports: [{ start: r.start, end: r.end - 1 }] });

  const b = new ArticleWriter({ title: 'Mirzoyan again', publishedAt: '2023-05-02' });
  b.actor('min', 'A. Mirzoyan', 'PERSON', { countryCode: 'ARM', aliases: ['Armenian foreign minister'] });
  b.write('The [min:Armenian foreign minister] said "{we are ready}". ', { speakerRef: 'min', ref: 's1', eventRef: 'talks' });
  const r2 = b.write('[min:A. Mirzoyan] also met envoys. ');
  b.event({ ref: 'talks', type: 'CONSULT', summary: 'Meeting envoys', date: '2023-05-02', participants: [{ actorRef: 'min', role: 'SOURCE' }], reports: [{ start: r2.start, end: r2.end - 1, statementRef: 's1' }] });
  return [a.build(), b.build()];
}

describe.each(TEST_PROVIDERS)('mutations on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
  });
  afterAll(() => service?.dispose());

  const actorId = async (search: string) => {
    const d = await service.data(`query($q: String) { actors(filter: { search: $q }) { edges { node { id name } } } }`, { q: search });
    return d.actors.edges[0].node.id as string;
  };

  describe('mergeActors', () => {
    let keep: string;
    let merged: string;
    beforeAll(async () => {
      for (const input of ministerArticles()) expect((await service.data(INGEST, { input })).ingestArticle.data.status).toBe('CREATED');
      keep = await actorId('Ararat Mirzoyan');
      merged = await actorId('A. Mirzoyan');
      expect(keep).not.toBe(merged);
    });

    it('moves aliases, mentions, participations and statements to the kept actor', async () => {
      const result = await service.data(MERGE, { input: { keep, merge: [merged] } });
      expect(result.mergeActors.__typename).toBe('MutationMergeActorsSuccess');
      const { actor, moved } = result.mergeActors.data;
      expect(moved).toEqual({ aliasesMoved: 2, mentionsMoved: 2, participationsMoved: 1, statementsMoved: 1 });
      expect(actor).toMatchObject({ id: keep, name: 'Ararat Mirzoyan', statements: { totalCount: 2 }, mentions: { totalCount: 3 }, participations: { totalCount: 2 } });
      expect(actor.aliases.map((a: any) => a.text).sort()).toEqual(['A. Mirzoyan', 'Ararat Mirzoyan', 'Armenian foreign minister']);
      const persons = await service.data(`{ actors(filter: { kinds: [PERSON] }) { totalCount } }`);
      expect(persons.actors.totalCount).toBe(1);
    });

    it('keeps the merged id resolving to the kept actor', async () => {
      const d = await service.data(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Actor { name } } node(id: $merged) { id } }`.replace('node(id: $merged)', 'single: node(id: "' + merged + '")'), { ids: [merged, keep] });
      expect(d.nodes).toEqual([{ id: keep, name: 'Ararat Mirzoyan' }, { id: keep, name: 'Ararat Mirzoyan' }]);
      expect(d.single).toEqual({ id: keep });
      const statements = await service.data(`query($s: ID) { statements(filter: { speaker: $s }) { totalCount } }`, { s: keep });
      expect(statements.statements.totalCount).toBe(2);
      // Filters take the old id too.
      const byOld = await service.data(`query($s: ID) { statements(filter: { speaker: $s }) { totalCount } events(filter: { actor: $s }) { totalCount } }`, { s: merged });
      expect(byOld).toEqual({ statements: { totalCount: 2 }, events: { totalCount: 2 } });
    });

    it('links a later article that uses the merged name to the kept actor', async () => {
      const c = new ArticleWriter({ title: 'Third' });
      c.actor('m', 'A. Mirzoyan', 'PERSON', { countryCode: 'ARM' });
      c.write('[m:A. Mirzoyan] said "{nothing new}". ', { speakerRef: 'm' });
      const result = await service.data(INGEST, { input: c.build() });
      expect(result.ingestArticle.data).toMatchObject({ actorsCreated: 0, actorsReused: 1 });
      const d = await service.data(`query($id: ID!) { node(id: $id) { ... on Actor { statements { totalCount } } } }`, { id: keep });
      expect(d.node.statements.totalCount).toBe(3);
    });

    it('refuses to merge an actor into itself, an unknown actor, or an id of another type', async () => {
      const self = await service.data(MERGE, { input: { keep, merge: [keep] } });
      expect(self.mergeActors).toMatchObject({ __typename: 'ValidationError', issues: [{ field: 'input.merge', problem: 'must not contain the kept actor' }] });
      const ghost = Buffer.from('Actor:987654').toString('base64');
      const unknown = await service.data(MERGE, { input: { keep, merge: [ghost] } });
      expect(unknown.mergeActors).toMatchObject({ __typename: 'NotFoundError', entity: 'Actor', id: '987654', field: 'input.merge' });
      const article = (await service.data(`{ articles(first: 1) { edges { node { id } } } }`)).articles.edges[0].node.id;
      const wrong = await service.data(MERGE, { input: { keep: article, merge: [keep] } });
      expect(wrong.mergeActors).toMatchObject({ __typename: 'ValidationError', issues: [{ field: 'input.keep' }] });
    });
  });

  describe('deleteArticle', () => {
    it('deletes the article and what only it supported, and keeps what other articles still support', async () => {
      // Articles 11 and 16 share their four actors; article 12 brings Georgia's.
      const ids: string[] = [];
      for (const i of [11, 16, 12]) ids.push((await service.data(INGEST, { input: syntheticArticle(i, 2) })).ingestArticle.data.article.id);
      const before = await service.data(`{ actors { totalCount } events { totalCount } statements { totalCount } articles { totalCount } }`);

      const first = await service.data(DELETE, { id: ids[0] });
      expect(first.deleteArticle.data).toEqual({ deletedId: ids[0], mentions: 8, statements: 4, reports: 2, events: 2, actors: 0 });
      const third = await service.data(DELETE, { id: ids[2] });
      // Georgia and its ministry appear nowhere else; Russia's actors are still in article 16.
      expect(third.deleteArticle.data).toMatchObject({ events: 2, actors: 2 });
      const after = await service.data(`{ actors { totalCount } events { totalCount } statements { totalCount } articles { totalCount } }`);
      expect(after).toEqual({
        actors: { totalCount: before.actors.totalCount - 2 },
        events: { totalCount: before.events.totalCount - 4 },
        statements: { totalCount: before.statements.totalCount - 8 },
        articles: { totalCount: before.articles.totalCount - 2 },
      });
      const gone = await service.data(`query($id: ID!) { node(id: $id) { id } }`, { id: ids[0] });
      expect(gone.node).toBeNull();
      const kept = await service.data(`query($id: ID!) { node(id: $id) { ... on Article { statements { totalCount } reports { totalCount } } } }`, { id: ids[1] });
      expect(kept.node).toEqual({ statements: { totalCount: 4 }, reports: { totalCount: 2 } });
    });

    it('keeps an event that another article also reports', async () => {
      const shared = new ArticleWriter({ title: 'Shared event' });
      shared.actor('x', 'Xland', 'STATE', { countryCode: 'XLD' });
      const r = shared.write('[x:Xland] did a thing. ');
      shared.event({ ref: 'e', type: 'OTHER', summary: 'A thing', reports: [{ start: r.start, end: r.end - 1 }] });
      const id = (await service.data(INGEST, { input: shared.build() })).ingestArticle.data.article.id;
      // A second report of the same event, from another article, written straight to the database.
      const eventId = (await service.db.prisma.event.findFirstOrThrow({ where: { summary: 'A thing' } })).id;
      const other = (await service.data(INGEST, { input: { body: 'Xland did a thing, again.' } })).ingestArticle.data.article.id;
      const otherDbId = Number(Buffer.from(other, 'base64').toString().split(':')[1]);
      await service.db.prisma.eventReport.create({ data: { eventId, articleId: otherDbId, start: 0, end: 17 } });
      const result = await service.data(DELETE, { id });
      expect(result.deleteArticle.data).toMatchObject({ events: 0, reports: 1 });
      expect(await service.db.prisma.event.count({ where: { id: eventId } })).toBe(1);
    });

    it('answers NotFoundError for an article that is not there, and deletes nothing', async () => {
      const before = await service.data(`{ articles { totalCount } }`);
      const result = await service.data(DELETE, { id: Buffer.from('Article:424242').toString('base64') });
      expect(result.deleteArticle).toMatchObject({ __typename: 'NotFoundError', entity: 'Article', field: 'id' });
      const bad = await service.data(DELETE, { id: 'nonsense' });
      expect(bad.deleteArticle).toMatchObject({ __typename: 'ValidationError', issues: [{ field: 'id', problem: '"nonsense" is not a valid id' }] });
      expect(await service.data(`{ articles { totalCount } }`)).toEqual(before);
    });
  });

  describe('updateActor and updateStatement', () => {
    const UPDATE_ACTOR = /* GraphQL */ `
      mutation($input: UpdateActorInput!) {
        updateActor(input: $input) {
          __typename
          ... on MutationUpdateActorSuccess { data { name kind countryCode title parent { name } aliases { text } } }
          ... on ValidationError { issues { field problem } }
          ... on NotFoundError { entity field }
        }
      }`;
    let georgia: string;
    let mod: string;
    beforeAll(async () => {
      const a = new ArticleWriter({ title: 'Georgian ministry', publishedAt: '2023-06-01' });
      a.actor('geo', 'Georgia', 'STATE', { countryCode: 'GEO' });
      a.actor('mod', 'Ministry of Defence of Georgia', 'GOVERNMENT', { countryCode: 'GEO', parentRef: 'geo' });
      a.write('The [mod:Ministry of Defence of Georgia] said "{the border is quiet}". ', { speakerRef: 'mod' });
      a.write('[geo:Georgia] agreed. ');
      await service.data(INGEST, { input: a.build() });
      georgia = await actorId('Georgia');
      mod = await actorId('Ministry of Defence of Georgia');
    });

    it('corrects an actor, and later articles are matched by its added alias', async () => {
      const r = await service.data(UPDATE_ACTOR, { input: { id: mod, name: 'Georgian Ministry of Defence', title: 'ministry', addAliases: ['MoD Georgia'] } });
      expect(r.updateActor.__typename).toBe('MutationUpdateActorSuccess');
      expect(r.updateActor.data).toMatchObject({ name: 'Georgian Ministry of Defence', kind: 'GOVERNMENT', countryCode: 'GEO', title: 'ministry', parent: { name: 'Georgia' } });
      expect(r.updateActor.data.aliases.map((a: { text: string }) => a.text)).toEqual(expect.arrayContaining(['MoD Georgia', 'Georgian Ministry of Defence']));
      const later = new ArticleWriter({ title: 'Later', publishedAt: '2023-06-01' });
      later.actor('m', 'MoD Georgia', 'GOVERNMENT', { countryCode: 'GEO' });
      later.write('[m:MoD Georgia] said "{all is calm}". ', { speakerRef: 'm' });
      const stored = await service.data(INGEST, { input: later.build() });
      expect(stored.ingestArticle.data).toMatchObject({ actorsCreated: 0, actorsReused: 1 });
      expect(await actorId('MoD Georgia')).toBe(mod);
      expect((await service.data(`{ actors(filter: { search: "MoD Georgia" }) { totalCount } }`)).actors.totalCount).toBe(1);
    });

    it('refuses a cycle of parents, a bad country code, an empty name and an unknown actor, and changes nothing', async () => {
      const before = await service.data(`query($id: ID!) { node(id: $id) { ... on Actor { name countryCode parent { name } } } }`, { id: georgia });
      const cycle = await service.data(UPDATE_ACTOR, { input: { id: georgia, parent: mod } });
      expect(cycle.updateActor).toEqual({ __typename: 'ValidationError', issues: [{ field: 'input.parent', problem: 'would make the actor an ancestor of itself' }] });
      const bad = await service.data(UPDATE_ACTOR, { input: { id: georgia, countryCode: 'ge', name: '  ' } });
      expect(bad.updateActor.issues.map((i: { field: string }) => i.field).sort()).toEqual(['input.countryCode', 'input.name']);
      const missing = await service.data(UPDATE_ACTOR, { input: { id: Buffer.from('Actor:999999').toString('base64'), name: 'Nobody' } });
      expect(missing.updateActor).toEqual({ __typename: 'NotFoundError', entity: 'Actor', field: 'input.id' });
      expect(await service.data(`query($id: ID!) { node(id: $id) { ... on Actor { name countryCode parent { name } } } }`, { id: georgia })).toEqual(before);
    });

    it('answers a mutation that selects only __typename (Prisma refuses an empty selection)', async () => {
      const actor = await service.data(`mutation($input: UpdateActorInput!) { updateActor(input: $input) { __typename } }`, { input: { id: georgia, title: 'state' } });
      expect(actor.updateActor).toEqual({ __typename: 'MutationUpdateActorSuccess' });
      const statement = (await service.data(`{ statements(first: 1) { edges { node { id } } } }`)).statements.edges[0].node.id;
      const corrected = await service.data(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { __typename } }`, { input: { id: statement, kind: 'MIXED' } });
      expect(corrected.updateStatement).toEqual({ __typename: 'MutationUpdateStatementSuccess' });
      expect((await service.data(`query($id: ID!) { node(id: $id) { ... on Statement { kind correctedAt } } }`, { id: statement })).node).toMatchObject({ kind: 'MIXED', correctedAt: expect.any(String) });
      // The same in the success payloads' own rows.
      const again = new ArticleWriter({ title: 'Typename only', publishedAt: '2023-06-02' });
      again.actor('geo', 'Georgia', 'STATE', { countryCode: 'GEO' });
      again.write('[geo:Georgia] agreed once more. ');
      const ingested = await service.data(`mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { ... on MutationIngestArticleSuccess { data { article { __typename } } } } }`, { input: again.build() });
      expect(ingested.ingestArticle).toEqual({ data: { article: { __typename: 'Article' } } });
      const other = new ArticleWriter({ title: 'Another Georgia', publishedAt: '2023-06-03' });
      other.actor('g', 'Sakartvelo', 'STATE', { countryCode: 'GEO' });
      other.write('[g:Sakartvelo] agreed. ');
      await service.data(INGEST, { input: other.build() });
      const merged = await service.data(`mutation($input: MergeActorsInput!) { mergeActors(input: $input) { ... on MutationMergeActorsSuccess { data { actor { __typename } } } } }`, {
        input: { keep: georgia, merge: [await actorId('Sakartvelo')] },
      });
      expect(merged.mergeActors).toEqual({ data: { actor: { __typename: 'Actor' } } });
    });
  });
});
