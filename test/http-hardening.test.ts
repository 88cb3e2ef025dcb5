/**
 * The second hardening round (issue 12), at the HTTP edge: the GraphiQL page (case 4), the
 * development key (case 6), CORS with `*` and the log of client mistakes (the class), and a write
 * that cannot get its turn in time (case 12).
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type NewsgraphYoga } from '../server/http/app.js';
import { chooseEncoding, isLoopbackHost } from '../server/http/graphiql.js';
import { createApiKey, deleteStaleDevelopmentKeys, developmentKeyName, listApiKeys } from '../server/storage/api-keys.js';
import { isRunning } from '../server/serve.js';
import { openDatabase, type Database } from '../server/storage/db.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { defaultSettings } from '../server/settings.js';
import { createEmptyDatabase, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { INGEST } from './operations.js';
import { createKeyFor, startServer, stop, type Running } from './server-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 503 with Retry-After and SERVICE_UNAVAILABLE, telling the client that nothing was written; no driver message. */
function expectBusy(response: Response, body: any) {
  expect(response.status, JSON.stringify(body)).toBe(503);
  expect(response.headers.get('retry-after')).toBe('2');
  expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/busy.*nothing was written/), extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
  expect(JSON.stringify(body)).not.toMatch(/Unable to start|prisma|lock timeout|advisory/i);
}

describe.runIf(TEST_PROVIDERS.includes('postgresql'))('a write that cannot start its transaction in time, on PostgreSQL (case 12)', () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let db: Database;
  let app: NewsgraphYoga;
  let key: string;
  const logged: Record<string, unknown>[] = [];
  beforeAll(async () => {
    database = await createEmptyDatabase('postgresql');
    await migrateDatabase(database.url);
    // One pooled connection, and a short wait for it: holding it makes the next transaction wait.
    db = await openDatabase(database.url, { poolSize: 1, transactionMaxWaitMs: 300 });
    app = createApp({ db, logError: (entry) => logged.push(entry) });
    ({ key } = await createApiKey(db.prisma, 'tests', ['write']));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const ingest = (body: string) =>
    app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: INGEST, variables: { input: { body } } }),
    });

  /** Holds the pool's only connection in a transaction until `release` is called. */
  const hold = () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const holding = new Promise<void>((r) => (started = r));
    const done = db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SELECT 1');
      started();
      await released;
    }, { maxWait: 30_000, timeout: 30_000 });
    return { holding, release, done };
  };

  it('answers 503 with Retry-After and a retryable SERVICE_UNAVAILABLE, and the retry stores the article', async () => {
    // The key is verified (and its use recorded) before the pool is held.
    expect((await (await ingest('A first article, so that the key is known.')).json()).data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    await sleep(200);

    const first = hold();
    await first.holding;
    // The ingest's own read (is this body stored?) queues for the connection first; the second
    // holder queues behind it, so the connection goes read → second holder, and the ingest's
    // transaction waits longer than its 300 ms.
    const answer = ingest('Kyiv: the ministry said the talks would go on.');
    await sleep(100);
    const second = hold();
    first.release();
    await first.done;
    const response = await answer;
    second.release();
    await second.done;

    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(503);
    expectBusy(response, body);
    expect(await db.prisma.article.count()).toBe(1);

    const retry = await ingest('Kyiv: the ministry said the talks would go on.');
    expect(retry.status).toBe(200);
    expect((await retry.json()).data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
  }, 30_000);

  it('answers the same when another process holds the write lock longer than the wait allows', async () => {
    // Another server process's writer: its own connection, holding the lock that lockWrites takes.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(7413021)');
      const started = Date.now();
      const response = await ingest('Baku: the ministry said the border was calm.');
      const body = await response.json();
      expectBusy(response, body);
      // It gave up at the lock's wait (300 ms here), not at the transaction's timeout (60 s).
      expect(Date.now() - started).toBeLessThan(10_000);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    expect(await db.prisma.article.count({ where: { body: 'Baku: the ministry said the border was calm.' } })).toBe(0);
    expect((await (await ingest('Baku: the ministry said the border was calm.')).json()).data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    expect(logged.filter((l) => l.msg === 'database busy')).toHaveLength(2);
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  }, 30_000);
});

const page = (app: NewsgraphYoga, headers: Record<string, string> = {}) => app.fetch('http://localhost/graphql', { headers: { accept: 'text/html', ...headers } });
const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe('the GraphiQL page (case 4)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('sqlite', defaultSettings({ graphiql: true }));
  });
  afterAll(() => service?.dispose());

  it('is compressed per Accept-Encoding: about 2 MB instead of 9', async () => {
    const br = await page(service.app, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const brBody = await bytes(br);
    expect(brBody.length).toBeLessThan(2_500_000);
    const html = brotliDecompressSync(brBody).toString();
    expect(html).toContain('query EventsWithActorsAndStatements');
    expect(html.length).toBeGreaterThan(5_000_000);

    const gz = await page(service.app, { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const gzBody = await bytes(gz);
    expect(gzBody.length).toBeLessThan(3_000_000);
    expect(gunzipSync(gzBody).toString()).toBe(html);

    // A client that takes no compression still gets the page.
    const plain = await page(service.app, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await bytes(plain)).toString()).toBe(html);
  }, 60_000);

  it('is cacheable: ETag per encoding, Cache-Control, Vary, and 304 on If-None-Match', async () => {
    const first = await page(service.app, { 'accept-encoding': 'gzip' });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+-gzip"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(first.headers.get('vary')).toMatch(/Accept-Encoding/);
    await first.arrayBuffer();
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const again = await page(service.app, { 'accept-encoding': 'gzip', 'if-none-match': ifNoneMatch });
      expect(again.status, ifNoneMatch).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect((await bytes(again)).length).toBe(0);
    }
    // The brotli representation has its own tag: the gzip one does not validate it.
    const br = await page(service.app, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(br.status).toBe(200);
    expect(br.headers.get('etag')).not.toBe(etag);
    await br.arrayBuffer();
  }, 60_000);

  it('counts against the rate limit like any request', async () => {
    // Its own service, with a budget of three requests a minute for the address.
    const limited = await startTestService('sqlite', defaultSettings({ graphiql: true, limits: { rateLimitPerIp: 3 } }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await page(limited.app, { 'accept-encoding': 'gzip' });
        statuses.push(response.status);
        if (response.status === 429) expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        await response.arrayBuffer();
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      // The page loads spent the same budget as the address's queries.
      const query = await limited.gql('{ articles { totalCount } }', undefined, { key: null });
      expect(query.errors?.[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'rateLimit' });
    } finally {
      await limited.dispose();
    }
  }, 60_000);

  it('is off unless turned on (production default): 404, saying how to turn it on', async () => {
    const off = createApp({ db: service.db, settings: defaultSettings({ graphiql: false }), logError: () => {} });
    const response = await page(off);
    expect(response.status).toBe(404);
    expect((await response.json()).errors[0]).toMatchObject({ message: expect.stringContaining('GRAPHIQL=true'), extensions: { code: 'NOT_FOUND' } });
    // A GET operation is still answered, from a browser too.
    const query = await off.fetch(`http://localhost/graphql?query=${encodeURIComponent('{ articles { totalCount } }')}`, { headers: { accept: 'text/html, application/json' } });
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { articles: { totalCount: 0 } } });
  });

  it('takes the best encoding the client accepts', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip, br;q=0')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBe('identity');
    expect(chooseEncoding(null)).toBe('identity');
  });
});

describe('the page that carries the development key checks Host (case 6: DNS rebinding)', () => {
  it('accepts only a loopback name with the server\'s own port', () => {
    for (const host of ['localhost:4000', '127.0.0.1:4000', '[::1]:4000', 'LOCALHOST:4000']) expect(isLoopbackHost(host, 4000), host).toBe(true);
    for (const host of ['evil.example:4000', 'localhost:4001', 'localhost', '127.0.0.1.evil.example:4000', 'localhost.:4000', '[::2]:4000', '', 'localhost:4000:1']) {
      expect(isLoopbackHost(host, 4000), host).toBe(false);
    }
    expect(isLoopbackHost('localhost', 80)).toBe(true);
    expect(isLoopbackHost('localhost:4000', undefined)).toBe(false);
  });

  it('leaves the key out of a page asked for through yoga.fetch (no socket, no port to check)', async () => {
    const service = await startTestService('sqlite');
    try {
      const app = createApp({ db: service.db, settings: defaultSettings({ graphiql: true }), graphiqlKey: service.key, logError: () => {} });
      const html = gunzipSync(await bytes(await page(app, { 'accept-encoding': 'gzip', host: 'localhost:80' }))).toString();
      expect(html).toContain('query EventsWithActorsAndStatements');
      expect(html).not.toContain(service.key);
    } finally {
      await service.dispose();
    }
  }, 60_000);
});

describe('CORS_ORIGINS=* and the log of client mistakes (the class)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('sqlite');
  });
  afterAll(() => service?.dispose());

  it('`*` lets any origin read answers, never with credentials', async () => {
    const origin = 'https://evil.example';
    const preflight = await service.app.fetch('http://localhost/graphql', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const response = await service.app.fetch('http://localhost/graphql', { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ articles { totalCount } }' }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    // Listed origins are the operator's own: they keep what they had.
    const listed = createApp({ db: service.db, settings: defaultSettings({ corsOrigins: ['https://a.example', 'https://b.example'] }), logError: () => {} });
    const own = await listed.fetch('http://localhost/graphql', { method: 'POST', headers: { origin: 'https://a.example', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ articles { totalCount } }' }) });
    expect(own.headers.get('access-control-allow-origin')).toBe('https://a.example');
  });

  it('logs a client mistake as one line without a stack, once', async () => {
    const logged: Record<string, unknown>[] = [];
    const app = createApp({ db: service.db, logError: (entry) => logged.push(entry) });
    const post = (query: string, variables: object) =>
      app.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${service.key}` }, body: JSON.stringify({ query, variables }) });
    // A ValidationError answered as a GraphQL error (an ingest's is a typed result): a forged cursor.
    const forged = await (await post('query($a: String) { articles(first: 1, after: $a) { totalCount } }', { a: 'bm90IGEgY3Vyc29y' })).json();
    expect(forged.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(logged).toEqual([{ level: 'info', msg: 'client error', requestId: expect.any(String), path: ['articles'], code: 'BAD_USER_INPUT', error: forged.errors[0].message }]);
    expect(JSON.stringify(logged)).not.toMatch(/stack|\.ts:\d+/);
  });
});

describe('which development keys a start deletes (case 6)', () => {
  it('those of this machine\'s processes that are gone, and of the old name; not a running one\'s, nor another machine\'s', async () => {
    const service = await startTestService('sqlite');
    try {
      const names = ['development (printed at start)', developmentKeyName(111, 'here'), developmentKeyName(222, 'here'), developmentKeyName(111, 'elsewhere')];
      for (const name of names) await createApiKey(service.db.prisma, name, ['admin']);
      expect(await deleteStaleDevelopmentKeys(service.db.prisma, 'here', (pid) => pid === 222)).toBe(2);
      expect((await listApiKeys(service.db.prisma)).map((k) => k.name).filter((n) => n !== 'tests').sort()).toEqual([developmentKeyName(111, 'elsewhere'), developmentKeyName(222, 'here')]);
      // A pid that is this very process's was a previous process's (a container's pid 1, restarted).
      expect(isRunning(process.pid)).toBe(false);
      expect(isRunning(process.ppid)).toBe(true);
    } finally {
      await service.dispose();
    }
  });
});

describe('the development key, over real server processes on one database (case 6)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-devkey-'));
  const url = `file:${join(dir, 'newsgraph.db')}`;
  const running = new Set<Running>();
  const start = async (env: Record<string, string> = {}) => {
    const server = await startServer({ DATABASE_URL: url, SEED_SAMPLE: 'false', ...env });
    running.add(server);
    return server;
  };
  afterAll(() => {
    for (const server of running) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const keyOf = (server: Running) => server.lines.find((l) => l.apiKey)?.apiKey as string | undefined;
  const status = async (server: Running, key: string) =>
    (await fetch(`http://127.0.0.1:${server.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: '{ articles { totalCount } }' }) })).status;
  const developmentKeys = async () => {
    const db = await openDatabase(url);
    try {
      return (await listApiKeys(db.prisma)).filter((k) => k.name.startsWith('development (printed at start)')).map((k) => k.prefix);
    } finally {
      await db.close();
    }
  };
  const prefix = (key: string) => key.split('_')[1];
  /** The page as a browser would get it with this Host header (Node's fetch would not send our own Host). */
  const pageWithHost = (server: Running, host: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/graphql', headers: { host, accept: 'text/html', 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(gunzipSync(Buffer.concat(chunks)).toString()));
      });
      req.on('error', reject);
      req.end();
    });

  it('is made only in development proper: not behind a proxy, not with CORS origins', async () => {
    await createKeyFor(url);
    for (const env of [{ NODE_ENV: 'development', TRUST_PROXY: 'true' }, { NODE_ENV: 'development', CORS_ORIGINS: 'https://a.example' }] as Record<string, string>[]) {
      const server = await start(env);
      expect(keyOf(server), JSON.stringify(env)).toBeUndefined();
      expect(await stop(server)).toBe(0);
    }
    await expect(startServer({ DATABASE_URL: url, NODE_ENV: 'production', DEV_KEY: 'true' })).rejects.toThrow(/DEV_KEY=true needs development proper, but NODE_ENV is \\"production\\"/);
  }, 120_000);

  it('belongs to its server: a second development server keeps the first one\'s key, and neither accepts the other\'s', async () => {
    const first = await start({ NODE_ENV: 'development' });
    const second = await start({ NODE_ENV: 'development' });
    const [a, b] = [keyOf(first)!, keyOf(second)!];
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(await developmentKeys()).toEqual([prefix(a), prefix(b)]);
    expect(await status(first, a)).toBe(200);
    expect(await status(second, b)).toBe(200);
    expect(await status(second, a)).toBe(401);
    expect(await status(first, b)).toBe(401);

    // The page carries the key only for a loopback Host with the server's port.
    for (const host of [`localhost:${first.port}`, `127.0.0.1:${first.port}`, `[::1]:${first.port}`]) expect(await pageWithHost(first, host), host).toContain(a);
    for (const host of [`rebound.example:${first.port}`, `localhost:${second.port}`, 'localhost']) {
      const html = await pageWithHost(first, host);
      expect(html, host).toContain('query EventsWithActorsAndStatements');
      expect(html, host).not.toContain(a);
    }

    // A clean stop deletes the server's own key, and only it.
    expect(await stop(second)).toBe(0);
    expect(await developmentKeys()).toEqual([prefix(a)]);
    expect(await status(first, a)).toBe(200);
    expect(await stop(first)).toBe(0);
    expect(await developmentKeys()).toEqual([]);
  }, 120_000);

  it('of a server that died is deleted by the next start in any mode, production included', async () => {
    const dead = await start({ NODE_ENV: 'development' });
    const key = keyOf(dead)!;
    await new Promise((resolve) => {
      dead.child.once('exit', resolve);
      dead.child.kill('SIGKILL');
    });
    expect(await developmentKeys()).toEqual([prefix(key)]);
    const production = await start({ NODE_ENV: 'production' });
    expect(production.lines.find((l) => l.msg === 'development keys of stopped servers deleted')).toMatchObject({ deleted: 1 });
    expect(await developmentKeys()).toEqual([]);
    expect(await status(production, key)).toBe(401);
    expect(await stop(production)).toBe(0);
  }, 120_000);

  it('writes every log line as JSON, client mistakes without a stack, nothing on stderr', async () => {
    const writeKey = await createKeyFor(url, ['write']);
    const server = await start({ NODE_ENV: 'production' });
    const send = (body: object, key?: string) =>
      fetch(`http://127.0.0.1:${server.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
    await send({ query: 'query($a: String) { articles(first: 1, after: $a) { totalCount } }', variables: { a: 'Zm9yZ2Vk' } });
    await send({ query: 'query($n: Int) { articles(first: $n) { totalCount } }', variables: { n: 'many' } });
    await send({ query: '{ articles(first: 5000) { totalCount } }' });
    await send({ query: 'mutation($i: IngestArticleInput!) { ingestArticle(input: $i) { __typename } }', variables: { i: { body: 'x', actors: [{ ref: 'a', name: 'A', kind: 'STATE', parentRef: 'a' }] } } }, writeKey);
    await send({ query: '{ nope }' });
    expect(await stop(server)).toBe(0);
    // startServer parsed every stdout line as JSON (it fails on any other); stderr got nothing.
    expect(server.lines.filter((l) => 'stderr' in l)).toEqual([]);
    const mistakes = server.lines.filter((l) => l.msg === 'client error');
    expect(mistakes).toEqual([expect.objectContaining({ level: 'info', code: 'BAD_USER_INPUT', path: ['articles'] })]);
    expect(JSON.stringify(mistakes)).not.toMatch(/"stack"|\.ts:\d+/);
    expect(server.lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 120_000);
});
