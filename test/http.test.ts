import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyFor, startServer, stop, type Running } from './server-process.js';
import { createEmptyDatabase, TEST_PROVIDERS } from './harness.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MIGRATIONS = readdirSync(join(ROOT, 'prisma', 'sqlite', 'migrations')).filter((name) => /^\d+_/.test(name)).sort();

const post = (port: number, body: string, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('the server over a real HTTP port, on its default embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-http-'));
  const env = { DATABASE_URL: `file:${join(dir, 'data', 'newsgraph.db')}` };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const running = new Set<Running>();
  afterAll(() => {
    for (const server of running) server.child.kill('SIGKILL');
  });
  const start = async (extra: Record<string, string> = {}) => {
    const server = await startServer({ ...env, ...extra });
    running.add(server);
    return server;
  };

  it('creates and migrates the database, loads the sample, serves GraphQL and stops on SIGTERM', async () => {
    const server = await start();
    expect(server.lines.find((l) => l.msg === 'migrations applied')?.applied).toEqual(MIGRATIONS);
    expect(server.lines.find((l) => l.msg === 'sample article loaded')).toMatchObject({ created: true, events: 10 });

    const response = await post(server.port, JSON.stringify({ query: '{ articles { totalCount edges { node { dateline publishedAt } } } }' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { articles: { totalCount: 1, edges: [{ node: { dateline: 'Baku', publishedAt: '2021-11-17' } }] } } });

    const broken = await post(server.port, '{"query": "{ articles { totalCount } }"');
    expect(broken.status).toBe(400);
    const brokenBody = await broken.text();
    expect(brokenBody).toMatch(/POST body sent invalid JSON/);
    expect(brokenBody).not.toMatch(/at .*\.(ts|js):\d+/);

    // A body of unknown length (chunked, no Content-Length) is refused before it is read.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ query: '{ articles { totalCount } }' }));
    });
    expect(chunked.status).toBe(411);
    expect(JSON.parse(chunked.body).errors[0].message).toBe('Send the request body with a Content-Length header.');

    expect(await stop(server)).toBe(0);
  });

  it('opens GraphiQL with no internet, on the ready-made event → actors → statements query', async () => {
    // In production only when asked for (the page is 9 MB, 2 MB compressed).
    const server = await start({ GRAPHIQL: 'true' });
    const page = await fetch(`http://127.0.0.1:${server.port}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('query EventsWithActorsAndStatements');
    expect(html).toContain('sentence { start end text }');
    // Every script and stylesheet is inline: nothing to fetch from a CDN.
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
    expect(html.length).toBeGreaterThan(100_000);

    // A second start on the same file applies nothing and loads nothing again.
    expect(server.lines.some((l) => l.msg === 'migrations applied' || l.msg === 'sample article loaded')).toBe(false);
    const d = await (await post(server.port, JSON.stringify({ query: '{ articles { totalCount } events { totalCount } }' }))).json();
    expect(d.data).toEqual({ articles: { totalCount: 1 }, events: { totalCount: 10 } });
    expect(await stop(server)).toBe(0);
  });

  it('in development, prints an admin key that works at once and is preset in GraphiQL; the next start deletes it', async () => {
    const first = await start({ NODE_ENV: 'development' });
    const key = first.lines.find((l) => l.apiKey)?.apiKey as string;
    expect(key).toMatch(/^ng_[a-z0-9]{12}_/);
    const ingest = JSON.stringify({ query: `mutation { ingestArticle(input: { text: "Kyiv: Ukraine's defence ministry said Russian forces shelled Kharkiv." }) { __typename } }` });
    expect((await (await post(first.port, ingest)).json()).data.ingestArticle.__typename).toBe('UnauthorizedError');
    expect((await (await post(first.port, ingest, { authorization: `Bearer ${key}` })).json()).data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    const html = await (await fetch(`http://127.0.0.1:${first.port}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain(key);
    expect(await stop(first)).toBe(0);

    const second = await start({ NODE_ENV: 'development' });
    expect(second.lines.find((l) => l.apiKey)?.apiKey).not.toBe(key);
    expect((await post(second.port, ingest, { authorization: `Bearer ${key}` })).status).toBe(401);
    expect(await stop(second)).toBe(0);
    // In production no key is made or printed, and there is no GraphiQL page.
    const production = await start();
    expect(production.lines.some((l) => l.apiKey)).toBe(false);
    const noPage = await fetch(`http://127.0.0.1:${production.port}/graphql`, { headers: { accept: 'text/html' } });
    expect(noPage.status).toBe(404);
    expect((await noPage.json()).errors[0].message).toMatch(/GraphiQL is off on this server \(GRAPHIQL=true turns it on\)/);
    expect(await stop(production)).toBe(0);
  });

  it('refuses to start on a database URL it does not understand, and says why without echoing its password', async () => {
    const refusal = startServer({ DATABASE_URL: 'mysql://root:s3cret-pw@localhost/x' });
    await expect(refusal).rejects.toThrow(/exited with 1.*Unsupported database URL \(scheme \\?"mysql:/);
    await expect(refusal).rejects.not.toThrow(/s3cret-pw/);
  });
});

// On PostgreSQL a request waits on the network between its statements, so the server takes up a
// SIGTERM while the request is under way (on SQLite every statement runs synchronously).
describe.runIf(TEST_PROVIDERS.includes('postgresql'))('graceful shutdown on PostgreSQL', () => {
  it('on SIGTERM, finishes the request under way (an ingest) before it closes the database and exits', async () => {
    const database = await createEmptyDatabase('postgresql');
    const key = await createKeyFor(database.url, ['write']);
    const server = await startServer({ DATABASE_URL: database.url, SEED_SAMPLE: 'false' });
    try {
      // Many statements (actors, mentions, statements, events), each a wait on the network.
      const text = `Kyiv: ${Array.from({ length: 400 }, (_, i) => `Ukraine's defence ministry said Russian forces shelled Kharkiv, killing ${i + 1} people. "We will answer attack ${i}," the ministry said. `).join('')}`;
      const pending = post(server.port, JSON.stringify({ query: 'mutation($t: String!) { ingestArticle(input: { text: $t }) { __typename ... on MutationIngestArticleSuccess { data { status statements } } } }', variables: { t: text } }), { authorization: `Bearer ${key}` });
      await new Promise((r) => setTimeout(r, 300));
      const exited = stop(server);
      const response = await pending;
      const answeredAt = Date.now();
      expect(response.status).toBe(200);
      expect((await response.json()).data.ingestArticle).toMatchObject({ __typename: 'MutationIngestArticleSuccess', data: { status: 'CREATED' } });
      expect(await exited).toBe(0);
      const shutdown = server.lines.find((l) => l.msg === 'shutting down');
      // The server had taken up the signal before it answered: it finished the ingest, then stopped.
      expect(Date.parse(shutdown!.time)).toBeLessThan(answeredAt);
      // In the log: the signal, then the ingest's own request line as it was answered, then the end.
      expect(server.lines.map((l) => l.msg).slice(-3)).toEqual(['shutting down', 'request', 'stopped']);
      await expect(post(server.port, JSON.stringify({ query: '{ articles { totalCount } }' }))).rejects.toThrow();
    } finally {
      await stop(server);
      await database.drop();
    }
  }, 60_000);
});
