import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActorTimelineQuery, ActorsQuery, ArticlesQuery, EventDetailQuery, EventsQuery, NewsgraphError, NodeQuery, SearchQuery,
  StatementsQuery, createClient, deleteArticle, ingestArticle, mergeActors, paginate, type NewsgraphClient,
} from '../client/src/index.js';
import { createKeyFor, startServer, stop, type Running } from './server-process.js';
import { syntheticArticle } from './fixtures.js';

describe('the client\'s ready operations against a running server (SQLite, HTTP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-client-ops-'));
  let server: Running;
  let client: NewsgraphClient;

  beforeAll(async () => {
    const apiKey = await createKeyFor(`file:${join(dir, 'ng.db')}`);
    server = await startServer({ DATABASE_URL: `file:${join(dir, 'ng.db')}`, SEED_SAMPLE: 'false' });
    client = createClient({ url: `http://127.0.0.1:${server.port}/graphql`, apiKey });
    for (const i of [1, 2, 3]) expect((await ingestArticle(client, syntheticArticle(i, 4))).status).toBe('CREATED');
  });
  afterAll(async () => {
    if (server) await stop(server);
    rmSync(dir, { recursive: true, force: true });
  });

  const actorId = async (name: string) => {
    const { actors } = await client.request(ActorsQuery, { filter: { search: name }, first: 10 });
    return actors.edges.find((e) => e.node.name === name)!.node.id;
  };

  it('ingestArticle reports what it stored, and that a body is already there', async () => {
    const again = await ingestArticle(client, syntheticArticle(1, 4));
    expect(again).toMatchObject({ status: 'ALREADY_EXISTS', article: { title: 'Report 1: Azerbaijan and Russia' } });
  });

  it('lists and filters events, actors, statements and articles', async () => {
    const events = await client.request(EventsQuery, { filter: { countryCode: 'GEO' }, orderBy: { field: 'DATE', direction: 'ASC' }, first: 3 });
    expect(events.events.totalCount).toBe(8);
    expect(events.events.edges).toHaveLength(3);
    expect(events.events.pageInfo.hasNextPage).toBe(true);
    expect(events.events.edges[0].node.participants.edges.map((e) => e.node.actor.name)).toContain('Georgia');

    const actors = await client.request(ActorsQuery, { filter: { kinds: ['GOVERNMENT'] }, orderBy: { field: 'NAME' } });
    expect(actors.actors.edges.map((e) => e.node.name)).toEqual([
      'Ministry of Defence of Azerbaijan', 'Ministry of Defence of Georgia', 'Ministry of Defence of Russia', 'Ministry of Defence of Turkey',
    ]);
    expect(actors.actors.edges[0].node.parent?.name).toBe('Azerbaijan');

    const statements = await client.request(StatementsQuery, { filter: { speaker: await actorId('Ministry of Defence of Russia') } });
    expect(statements.statements.totalCount).toBe(8);
    for (const { node } of statements.statements.edges) {
      expect(node.sentence.text).toContain(node.quote);
      expect(node.event?.type).toBeDefined();
    }

    const articles = await client.request(ArticlesQuery, { filter: { publishedFrom: '2022-03-03' } });
    expect(articles.articles.edges.map((e) => e.node.title)).toEqual(['Report 3: Georgia and Turkey', 'Report 2: Russia and Georgia']);
  });

  it('fetches any node by id, and an event with its participants, statements and sources', async () => {
    const { events } = await client.request(EventsQuery, { filter: { types: ['ASSAULT'] }, first: 1 });
    const id = events.edges[0].node.id;
    const node = await client.request(NodeQuery, { id });
    expect(node.node).toMatchObject({ __typename: 'Event', id, type: 'ASSAULT' });

    const detail = await client.request(EventDetailQuery, { id });
    if (detail.node?.__typename !== 'Event') throw new Error('not an event');
    expect(detail.node.participants.totalCount).toBe(4);
    expect(detail.node.statements.totalCount).toBe(2);
    expect(detail.node.reports.edges[0].node.article.source?.name).toMatch(/^Wire (One|Two)$/);
    expect(detail.node.reports.edges[0].node.span.text).toMatch(/^\w+ and \w+ met incident/);
  });

  it("gives an actor's timeline of events and statements", async () => {
    const { node } = await client.request(ActorTimelineQuery, { id: await actorId('Georgia'), first: 5 });
    if (node?.__typename !== 'Actor') throw new Error('not an actor');
    expect(node.name).toBe('Georgia');
    expect(node.participations.totalCount).toBe(8);
    expect(node.participations.edges).toHaveLength(5);
    expect(node.participations.pageInfo.hasNextPage).toBe(true);
  });

  it('searches the full text, ranked', async () => {
    const { search } = await client.request(SearchQuery, { query: 'incident 2-3', targets: ['STATEMENT'], first: 5 });
    expect(search.totalCount).toBeGreaterThan(0);
    expect(search.edges[0].node.__typename).toBe('Statement');
    expect(search.edges[0].snippet).toContain('«');
  });

  it('walks every page of a connection with paginate', async () => {
    const all = await client.request(EventsQuery, { first: 100, orderBy: { field: 'DATE', direction: 'ASC' } });
    const walked: string[] = [];
    for await (const event of paginate(client, EventsQuery, { orderBy: { field: 'DATE', direction: 'ASC' } }, (d) => d.events, { pageSize: 5 })) {
      walked.push(event.id);
    }
    expect(walked).toEqual(all.events.edges.map((e) => e.node.id));
    expect(walked).toHaveLength(12);
  });

  it('merges actors and deletes articles', async () => {
    const keep = await actorId('Russia');
    const merge = await actorId('Ministry of Defence of Russia');
    const merged = await mergeActors(client, { keep, merge: [merge] });
    expect(merged.actor.name).toBe('Russia');
    expect(merged.moved.statementsMoved).toBe(8);
    const { articles } = await client.request(ArticlesQuery, { first: 1 });
    const deleted = await deleteArticle(client, articles.edges[0].node.id);
    expect(deleted.deletedId).toBe(articles.edges[0].node.id);
  });

  describe('errors, as NewsgraphError', () => {
    it('validation: the typed mutation error with every issue', async () => {
      const error = await ingestArticle(client, { body: 'x', url: 'nope', publishedAt: '2022-01-01', actors: [{ ref: 'a', name: '', kind: 'STATE' }] }).catch((e) => e);
      expect(error).toBeInstanceOf(NewsgraphError);
      expect(error.kind).toBe('mutation');
      expect(error.codes).toEqual(['ValidationError']);
      expect(error.mutationError.issues).toEqual([
        { field: 'input.url', problem: '"nope" is not a URL' },
        { field: 'input.actors[0].name', problem: 'must not be empty' },
      ]);
      expect(error.message).toContain('input.url: "nope" is not a URL');
    });

    it('bad arguments: the GraphQL error with its code and path', async () => {
      const error = await client.request(EventsQuery, { filter: { actor: 'not-an-id' } }).catch((e) => e);
      expect(error).toBeInstanceOf(NewsgraphError);
      expect(error.kind).toBe('graphql');
      expect(error.codes).toEqual(['BAD_USER_INPUT']);
      expect(error.errors[0]).toMatchObject({ path: ['events'], extensions: { issues: [{ field: 'filter.actor', problem: '"not-an-id" is not a valid id' }] } });
      const paging = await client.request(EventsQuery, { first: 500 }).catch((e) => e);
      expect(paging.codes).toEqual(['BAD_USER_INPUT']);
      expect(paging.message).toBe('Invalid paging arguments: events: "first" is 500; it must be between 0 and 100');
    });

    it('not found: the typed mutation error', async () => {
      const ghost = Buffer.from('Article:99999').toString('base64');
      const error = await deleteArticle(client, ghost).catch((e) => e);
      expect(error).toMatchObject({ kind: 'mutation', codes: ['NotFoundError'], mutationError: { entity: 'Article', id: '99999', field: 'id' } });
      expect((await client.request(NodeQuery, { id: ghost })).node).toBeNull();
    });

    it('network down: kind "network", with the cause', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as { port: number }).port;
      await new Promise((resolve) => closed.close(resolve));
      const error = await createClient({ url: `http://127.0.0.1:${port}/graphql` }).request(EventsQuery, {}).catch((e) => e);
      expect(error).toBeInstanceOf(NewsgraphError);
      expect(error.kind).toBe('network');
      expect(error.message).toMatch(new RegExp(`^newsgraph at http://127.0.0.1:${port}/graphql could not be reached`));
      expect(error.cause).toBeDefined();
    });

    it('an HTTP answer that is not GraphQL: kind "http", with the status', async () => {
      const error = await createClient({ url: `http://127.0.0.1:${server.port}/not-graphql` }).request(EventsQuery, {}).catch((e) => e);
      expect(error).toMatchObject({ kind: 'http', status: 404 });
    });

    it('a server that does not answer in time: kind "network"', async () => {
      const silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as { port: number }).port;
      const error = await createClient({ url: `http://127.0.0.1:${port}/graphql`, timeoutMs: 200 }).request(EventsQuery, {}).catch((e) => e);
      silent.closeAllConnections();
      silent.close();
      expect(error).toMatchObject({ kind: 'network' });
    });
  });
});
