/**
 * The second hardening round (issue 12): parent cycles, the `nodes(ids:)` cap, what deleteArticle
 * leaves behind, input that can never succeed, and text that one database could store and the
 * other could not. Each case reproduces what the issue found, through the API, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { rowCounts, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { INGEST } from './operations.js';
import { TEXT_LIMITS } from '../server/storage/text-limits.js';
import { MAX_EXTRACTED_RECORDS, reextractArticles } from '../server/storage/extracted.js';
import { EXTRACTOR_VERSION } from '../server/extraction/index.js';

const MERGE = /* GraphQL */ `
  mutation($input: MergeActorsInput!) {
    mergeActors(input: $input) { __typename ... on MutationMergeActorsSuccess { data { actor { id parent { id } } } } ... on Error { message } }
  }
`;
const UPDATE_ACTOR = /* GraphQL */ `
  mutation($input: UpdateActorInput!) {
    updateActor(input: $input) { __typename ... on ValidationError { issues { field problem } } ... on Error { message } }
  }
`;
const RAW_INGEST = /* GraphQL */ `
  mutation($text: String!) {
    ingestArticle(input: { text: $text }) { __typename ... on LimitExceededError { limit maximum actual } ... on Error { message } }
  }
`;
const DELETE = /* GraphQL */ `
  mutation($id: ID!) {
    deleteArticle(id: $id) { __typename ... on MutationDeleteArticleSuccess { data { events actors } } ... on Error { message } }
  }
`;

describe.each(TEST_PROVIDERS)('hardening on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
  });
  afterAll(() => service?.dispose());

  /** Rows of every table an ingest writes: a refused request must leave them all as they were. */
  const counts = () => rowCounts(service.db);
  const ingest = async (input: object) => (await service.data(INGEST, { input })).ingestArticle;
  /** Ingests and expects a ValidationError that names exactly these fields, with nothing written. */
  const refused = async (input: object, fields: string[]) => {
    const before = await counts();
    const result = await ingest(input);
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues.map((i: { field: string }) => i.field)).toEqual(fields);
    expect(await counts()).toEqual(before);
    return result.issues as { field: string; problem: string }[];
  };
  const created = async (input: object) => {
    const result = await ingest(input);
    expect(result.__typename, JSON.stringify(result)).toBe('MutationIngestArticleSuccess');
    expect(result.data.status).toBe('CREATED');
    return result.data;
  };
  const actorByName = async (name: string) => service.db.prisma.actor.findFirstOrThrow({ where: { name }, select: { id: true, parentId: true } });

  describe('extracted records (issue 12, case 5)', () => {
    it('refuses raw text whose extraction gives more records than MAX_EXTRACTED_RECORDS, writing nothing', async () => {
      const before = await counts();
      // Fast to extract, and two state mentions and an event for every 28 characters.
      const text = 'Russia and Ukraine clashed. '.repeat(8_000);
      const result = (await service.data(RAW_INGEST, { text })).ingestArticle;
      expect(result).toMatchObject({ __typename: 'LimitExceededError', limit: 'extractedRecords', maximum: MAX_EXTRACTED_RECORDS });
      expect(result.actual).toBeGreaterThan(MAX_EXTRACTED_RECORDS);
      expect(await counts()).toEqual(before);
    }, 60_000);

    it('re-extraction skips a stored article over the limit, names it, and goes on with the others', async () => {
      // Stored, as an older extractor could have, before the limit existed: structured input marked
      // with an older extractor's version, so that re-extraction takes it up.
      const idOf = (a: { article: { id: string } }) => Number(Buffer.from(a.article.id, 'base64').toString().split(':')[1]);
      const bigId = idOf(await created({ body: 'Russia and Ukraine clashed. '.repeat(8_000) }));
      const smallId = idOf(await created({ body: 'Kyiv: The UN said on Monday that "the talks will go on".' }));
      await service.db.prisma.article.updateMany({ where: { id: { in: [bigId, smallId] } }, data: { extractorVersion: 'tagger-0' } });
      const result = await reextractArticles(service.db.prisma);
      expect(result.skipped).toEqual([{ articleId: bigId, limit: 'extractedRecords' }]);
      const stored = await service.db.prisma.article.findMany({ where: { id: { in: [bigId, smallId] } }, select: { id: true, extractorVersion: true } });
      expect(stored.find((a) => a.id === bigId)?.extractorVersion).toBe('tagger-0');
      expect(stored.find((a) => a.id === smallId)?.extractorVersion).toBe(EXTRACTOR_VERSION);
    }, 120_000);
  });

  describe('parent cycles (issue 12, case 1)', () => {
    it('refuses two actors that are each other\'s parent', async () => {
      const issues = await refused(
        {
          body: 'Cycle one: Alpha and Beta.',
          actors: [
            { ref: 'a', name: 'Alpha Org', kind: 'ORGANIZATION', parentRef: 'b' },
            { ref: 'b', name: 'Beta Org', kind: 'ORGANIZATION', parentRef: 'a' },
          ],
        },
        ['input.actors[0].parentRef', 'input.actors[1].parentRef'],
      );
      expect(issues[0].problem).toMatch(/cycle/);
    });

    it('refuses a self-parent made by two refs that resolve to one stored actor', async () => {
      const issues = await refused(
        {
          body: 'Cycle two: Gamma, also called the Gamma Group.',
          actors: [
            { ref: 'g1', name: 'Gamma', kind: 'ORGANIZATION' },
            { ref: 'g2', name: 'Gamma Group', kind: 'ORGANIZATION', aliases: ['Gamma'], parentRef: 'g1' },
          ],
        },
        ['input.actors[1].parentRef'],
      );
      expect(issues[0].problem).toMatch(/its own parent/);
    });

    it('refuses a parent that would close a cycle with actors already stored', async () => {
      await created({ body: 'Delta is part of Epsilon.', actors: [{ ref: 'e', name: 'Epsilon', kind: 'ORGANIZATION' }, { ref: 'd', name: 'Delta', kind: 'ORGANIZATION', parentRef: 'e' }] });
      const issues = await refused(
        { body: 'Epsilon is part of Delta, says another text.', actors: [{ ref: 'd', name: 'Delta', kind: 'ORGANIZATION' }, { ref: 'e', name: 'Epsilon', kind: 'ORGANIZATION', parentRef: 'd' }] },
        ['input.actors[1].parentRef'],
      );
      expect(issues[0].problem).toMatch(/cycle/);
      expect((await actorByName('Epsilon')).parentId).toBeNull();
    });

    it('refuses place cycles: in the input, through two refs to one stored place, and with stored places', async () => {
      await refused(
        { body: 'Places one.', places: [{ ref: 'p', name: 'Upper Town', kind: 'CITY', parentRef: 'q' }, { ref: 'q', name: 'Lower Town', kind: 'CITY', parentRef: 'p' }] },
        ['input.places[0].parentRef', 'input.places[1].parentRef'],
      );
      await refused(
        { body: 'Places two.', places: [{ ref: 'p', name: 'Midtown', kind: 'CITY' }, { ref: 'q', name: 'Mid Town', kind: 'CITY', aliases: ['Midtown'], parentRef: 'p' }] },
        ['input.places[1].parentRef'],
      );
      await created({ body: 'Places three.', places: [{ ref: 'r', name: 'Northland', kind: 'REGION' }, { ref: 'c', name: 'Northville', kind: 'CITY', parentRef: 'r' }] });
      await refused(
        { body: 'Places four.', places: [{ ref: 'c', name: 'Northville', kind: 'CITY' }, { ref: 'r', name: 'Northland', kind: 'REGION', parentRef: 'c' }] },
        ['input.places[1].parentRef'],
      );
    });

    it('mergeActors ends, and answers, over a cycle stored before cycles were refused', async () => {
      await created({ body: 'Zeta, Eta and Theta.', actors: ['Zeta', 'Eta', 'Theta'].map((name) => ({ ref: name, name, kind: 'ORGANIZATION' })) });
      const [zeta, eta, theta] = await Promise.all(['Zeta', 'Eta', 'Theta'].map(actorByName));
      // What an older version stored: Zeta -> Eta -> Zeta.
      await service.db.prisma.actor.update({ where: { id: zeta.id }, data: { parentId: eta.id } });
      await service.db.prisma.actor.update({ where: { id: eta.id }, data: { parentId: zeta.id } });
      const r = await service.data(MERGE, { input: { keep: encodeGlobalID('Actor', zeta.id), merge: [encodeGlobalID('Actor', theta.id)] } });
      expect(r.mergeActors.__typename).toBe('MutationMergeActorsSuccess');
      // And a walk that meets the stored cycle above a new parent ends too.
      const u = await service.data(UPDATE_ACTOR, { input: { id: encodeGlobalID('Actor', eta.id), parent: encodeGlobalID('Actor', zeta.id) } });
      expect(u.updateActor.__typename).toBe('ValidationError');
    });
  });

  describe('nodes(ids:) (case 3)', () => {
    it('takes 100 ids and refuses 45,000 with BAD_USER_INPUT naming the argument', async () => {
      const ids = (n: number) => Array.from({ length: n }, (_, i) => encodeGlobalID('Actor', i + 1));
      const ok = await service.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids(100) });
      expect(ok.errors).toBeUndefined();
      expect(ok.data.nodes).toHaveLength(100);
      const over = await service.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids(45_000) });
      expect(over.errors).toHaveLength(1);
      expect(over.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ field: 'ids', problem: 'has 45000 ids; the limit is 100' }] });
    });
  });

  describe('deleteArticle (case 10)', () => {
    it('removes the events its statements were about, their actors and parent-only actors, and nothing still referred to', async () => {
      const body = 'The Iota Ministry said "the talks failed". Kappa agreed.';
      const quote = 'the talks failed';
      const start = body.indexOf(quote);
      const article = await created({
        body,
        actors: [
          // A parent named by nothing in the text: what extraction adds for a ministry's state.
          { ref: 'state', name: 'Iotaland', kind: 'STATE' },
          { ref: 'min', name: 'Iota Ministry', kind: 'GOVERNMENT', parentRef: 'state', mentions: [{ start: 4, end: 17 }] },
          { ref: 'kappa', name: 'Kappa Party', kind: 'ORGANIZATION' },
          { ref: 'shared', name: 'Lambda Council', kind: 'ORGANIZATION' },
        ],
        statements: [{ ref: 's', speakerRef: 'min', quote, kind: 'DIRECT', start, end: start + quote.length, eventRef: 'talks' }],
        // No reports: the event is tied to the article only by the statement about it.
        events: [{ ref: 'talks', type: 'CONSULT', summary: 'Talks between Iota and Kappa failed', participants: [{ actorRef: 'min', role: 'SOURCE' }, { actorRef: 'kappa', role: 'TARGET' }, { actorRef: 'shared', role: 'OTHER' }] }],
      });
      // Lambda Council is also mentioned by another article, so it must stay.
      const other = 'Lambda Council met.';
      await created({ body: other, actors: [{ ref: 'l', name: 'Lambda Council', kind: 'ORGANIZATION', mentions: [{ start: 0, end: 14 }] }] });

      const r = await service.data(DELETE, { id: article.article.id });
      expect(r.deleteArticle).toEqual({ __typename: 'MutationDeleteArticleSuccess', data: { events: 1, actors: 3 } });
      expect(await service.db.prisma.event.count({ where: { summary: 'Talks between Iota and Kappa failed' } })).toBe(0);
      for (const gone of ['Iotaland', 'Iota Ministry', 'Kappa Party']) expect(await service.db.prisma.actor.count({ where: { name: gone } })).toBe(0);
      expect(await service.db.prisma.actor.count({ where: { name: 'Lambda Council' } })).toBe(1);
    });

    it('removes an event given with neither a report nor a statement, and keeps one another article reports', async () => {
      const body = 'Omicron troops crossed. Pi Front replied.';
      const alone = await created({
        body,
        actors: [{ ref: 'o', name: 'Omicron Army', kind: 'MILITARY', mentions: [{ start: 0, end: 7 }] }],
        events: [{ ref: 'cross', type: 'ASSAULT', summary: 'Omicron troops crossed', participants: [{ actorRef: 'o', role: 'SOURCE' }] }],
      });
      const kept = await created({
        body: 'Rho forces shelled Sigma.',
        actors: [{ ref: 'r', name: 'Rho Forces', kind: 'MILITARY', mentions: [{ start: 0, end: 3 }] }],
        events: [{ ref: 'shell', type: 'ASSAULT', summary: 'Rho forces shelled Sigma', participants: [{ actorRef: 'r', role: 'SOURCE' }] }],
      });
      const shelling = await service.db.prisma.event.findFirstOrThrow({ where: { summary: 'Rho forces shelled Sigma' }, select: { id: true } });
      // Another article reports the second event: deleting the article that created it keeps it.
      const report = await created({ body: 'Sigma was shelled again.', actors: [] });
      await service.db.prisma.eventReport.create({ data: { eventId: shelling.id, articleId: Number(Buffer.from(report.article.id, 'base64').toString().split(':')[1]), start: 0, end: 5 } });

      expect((await service.data(DELETE, { id: alone.article.id })).deleteArticle.data).toEqual({ events: 1, actors: 1 });
      expect(await service.db.prisma.event.count({ where: { summary: 'Omicron troops crossed' } })).toBe(0);
      expect((await service.data(DELETE, { id: kept.article.id })).deleteArticle.data.events).toBe(0);
      expect(await service.db.prisma.event.count({ where: { id: shelling.id } })).toBe(1);
    });

    it('keeps a parent that other actors still have, and an event another article speaks of', async () => {
      const a = 'Mu Army moved. Nu said "we saw it".';
      const b = 'Mu Navy sailed.';
      const quote = 'we saw it';
      const first = await created({
        body: a,
        actors: [
          { ref: 'st', name: 'Muland', kind: 'STATE' },
          { ref: 'army', name: 'Mu Army', kind: 'MILITARY', parentRef: 'st', mentions: [{ start: 0, end: 7 }] },
        ],
        events: [{ ref: 'move', type: 'MOBILIZE', summary: 'Mu Army moved', participants: [{ actorRef: 'army', role: 'SOURCE' }] }],
        statements: [{ speakerRef: null, quote, kind: 'DIRECT', start: a.indexOf(quote), end: a.indexOf(quote) + quote.length, eventRef: 'move' }],
      });
      await created({ body: b, actors: [{ ref: 'st', name: 'Muland', kind: 'STATE' }, { ref: 'navy', name: 'Mu Navy', kind: 'MILITARY', parentRef: 'st', mentions: [{ start: 0, end: 7 }] }] });
      const event = await service.db.prisma.event.findFirstOrThrow({ where: { summary: 'Mu Army moved' }, select: { id: true } });
      const third = 'Xi confirmed "the army moved".';
      const q3 = 'the army moved';
      await created({ body: third, actors: [{ ref: 'xi', name: 'Xi Watch', kind: 'MEDIA', mentions: [{ start: 0, end: 2 }] }], statements: [{ speakerRef: 'xi', quote: q3, kind: 'DIRECT', start: third.indexOf(q3), end: third.indexOf(q3) + q3.length }] });
      const statement = await service.db.prisma.statement.findFirstOrThrow({ where: { quote: q3 }, select: { id: true } });
      await service.db.prisma.statement.update({ where: { id: statement.id }, data: { eventId: event.id } });

      const r = await service.data(DELETE, { id: first.article.id });
      expect(r.deleteArticle.data.events).toBe(0);
      expect(await service.db.prisma.event.count({ where: { id: event.id } })).toBe(1);
      expect(await service.db.prisma.actor.count({ where: { name: 'Muland' } })).toBe(1);
      // Mu Army still takes part in the event that stays.
      expect(await service.db.prisma.actor.count({ where: { name: 'Mu Army' } })).toBe(1);
    });
  });

  describe('input that can never succeed is not a ConflictError (case 11)', () => {
    it('two refs that resolve to one actor in the same event role', async () => {
      await created({ body: 'Omicron exists.', actors: [{ ref: 'o', name: 'Omicron', kind: 'STATE', aliases: ['Omicronia'] }] });
      const body = 'Omicron and Omicronia protested.';
      const issues = await refused(
        {
          body,
          actors: [{ ref: 'o1', name: 'Omicron', kind: 'STATE' }, { ref: 'o2', name: 'Omicronia', kind: 'STATE' }],
          events: [{ type: 'PROTEST', summary: 'A protest', participants: [{ actorRef: 'o1', role: 'SOURCE' }, { actorRef: 'o2', role: 'SOURCE' }] }],
        },
        ['input.events[0].participants[1]'],
      );
      expect(issues[0].problem).toMatch(/same stored actor/);
    });

    it('a source domain that belongs to another source', async () => {
      await created({ body: 'Pi News reports.', source: { name: 'Pi News', domain: 'pi.example' } });
      const issues = await refused({ body: 'Rho News reports.', source: { name: 'Rho News', domain: 'pi.example' } }, ['input.source.domain']);
      expect(issues[0].problem).toMatch(/Pi News/);
      await created({ body: 'Pi News again.', source: { name: 'Pi News', domain: 'pi.example' } });
    });
  });

  describe('text both databases can store and index (cases 7 and 8)', () => {
    const lone = 'a\uD800b';

    it('refuses a lone surrogate in any text of an ingest, naming the field', async () => {
      await refused({ body: `Body with ${lone}.` }, ['input.body']);
      await refused({ body: 'Sigma acted.', actors: [{ ref: 's', name: `Sigma ${lone}`, kind: 'STATE' }] }, ['input.actors[0].name']);
      await refused({ body: 'Sigma acted again.', places: [{ ref: 'p', name: 'Tau', kind: 'CITY', aliases: ['\uDC00'] }] }, ['input.places[0].aliases[0]']);
      const raw = await ingest({ text: `Raw text ${lone} here.` });
      expect(raw).toMatchObject({ __typename: 'ValidationError', issues: [{ field: 'input.text' }] });
      // A pair is one character, and fine.
      await created({ body: 'An emoji \uD83D\uDE00 is text.' });
    });

    it('refuses a lone surrogate in a correction', async () => {
      await created({ body: 'Upsilon spoke.', actors: [{ ref: 'u', name: 'Upsilon', kind: 'PERSON' }] });
      const id = encodeGlobalID('Actor', (await actorByName('Upsilon')).id);
      const r = await service.data(UPDATE_ACTOR, { input: { id, addAliases: [lone] } });
      expect(r.updateActor).toMatchObject({ __typename: 'ValidationError', issues: [{ field: 'input.addAliases[0]', problem: expect.stringMatching(/lone UTF-16 surrogate/) }] });
    });

    it('refuses names, aliases, places, source names and urls longer than the index allows, naming field and limit', async () => {
      const long = 'x'.repeat(4000);
      const issues = await refused(
        {
          body: 'Phi says everything is long.',
          url: `https://example.org/${long}`,
          source: { name: long, domain: `${'d'.repeat(3000)}.example` },
          actors: [{ ref: 'a', name: long, kind: 'PERSON', aliases: [long] }],
          places: [{ ref: 'p', name: long, kind: 'CITY' }],
        },
        ['input.url', 'input.source.name', 'input.source.domain', 'input.actors[0].name', 'input.actors[0].aliases[0]', 'input.places[0].name'],
      );
      expect(issues[3].problem).toBe(`is 4000 bytes long in UTF-8; the limit is ${TEXT_LIMITS.name} bytes`);
      const update = await service.data(UPDATE_ACTOR, { input: { id: encodeGlobalID('Actor', (await actorByName('Upsilon')).id), name: long } });
      expect(update.updateActor.issues).toEqual([{ field: 'input.name', problem: `is 4000 bytes long in UTF-8; the limit is ${TEXT_LIMITS.name} bytes` }]);
    });

    it('stores names and urls at the limits, measured in UTF-8 bytes', async () => {
      // Three bytes a character: a third as many characters fit.
      const wide = 'ク'.repeat(TEXT_LIMITS.name / 3);
      const name = 'n'.repeat(TEXT_LIMITS.name);
      const url = `https://example.org/${'u'.repeat(TEXT_LIMITS.url - 'https://example.org/'.length)}`;
      await created({ body: 'Chi is at the limit.', url, source: { name }, actors: [{ ref: 'a', name, kind: 'PERSON', aliases: [wide] }], places: [{ ref: 'p', name: wide, kind: 'SITE' }] });
      await refused({ body: 'Chi is over the limit.', actors: [{ ref: 'a', name: `${wide}ク`, kind: 'PERSON' }] }, ['input.actors[0].name']);
    });

    it('stores a 990,000-character body of distinct words, and finds its first words', async () => {
      const words: string[] = [];
      for (let i = 0, length = 0; length < 990_000; i++) {
        let w = '';
        for (let x = i, k = 0; k < 4; k++, x = Math.floor(x / 26)) w += String.fromCharCode(97 + (x % 26));
        words.push(w);
        length += 5;
      }
      const body = `Psiword opens it. ${words.join(' ')}`.slice(0, 990_000);
      const data = await created({ body });
      const found = await service.data(`query($q: String!) { articles(filter: { search: $q }) { edges { node { id } } } }`, { q: 'psiword' });
      expect(found.articles.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([data.article.id]);
    });
  });
  describe('actor and place search (the class of client mistakes)', () => {
    it('takes %, _ and \\ as themselves, not as LIKE wildcards or escapes', async () => {
      await created({
        body: 'Percent and underscore.',
        actors: ['Omega_One', 'OmegaXOne', '100% Omega', '100 Omega', 'Back\\slash Front'].map((name, i) => ({ ref: `o${i}`, name, kind: 'ORGANIZATION' })),
        places: ['Camp_Nine', 'CampXNine'].map((name, i) => ({ ref: `p${i}`, name, kind: 'SITE' })),
      });
      const actors = async (q: string) => (await service.data(`query($q: String) { actors(filter: { search: $q }) { edges { node { name } } } }`, { q })).actors.edges.map((e: any) => e.node.name);
      const places = async (q: string) => (await service.data(`query($q: String) { places(filter: { search: $q }) { edges { node { name } } } }`, { q })).places.edges.map((e: any) => e.node.name);
      expect(await actors('omega_one')).toEqual(['Omega_One']);
      expect(await actors('100%')).toEqual(['100% Omega']);
      expect(await places('camp_n')).toEqual(['Camp_Nine']);
      expect(await actors('back\\slash')).toEqual(['Back\\slash Front']);
    });
  });
});
