/**
 * server/http/limits.ts, rate-limit.ts and the body checks of listen(): each limit at its edge (the
 * largest request allowed passes, one more is refused with LIMIT_EXCEEDED and nothing is written).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, listen } from '../server/http/app.js';
import { defaultSettings } from '../server/settings.js';
import { MAX_BODY_LENGTH } from '../server/storage/article-input.js';
import { createEmptyDatabase, ingest, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { isStatementTimeout, openDatabase } from '../server/storage/db.js';
import { maskError } from '../server/http/errors.js';
import type { GraphQLError } from 'graphql';
import { syntheticArticle } from './fixtures.js';

const LIMITS = { maxDepth: 7, maxCost: 2_000, maxAliases: 3, maxTokens: 200, maxBodyBytes: 2_000_000, rateLimitPerIp: 1_000, rateLimitPerKey: 1_000 };

/** `events { edges { node { participants { edges { node { actor ... } } } } } }`: depth grows by 4 per level. */
const nested = (first: number, inner: number) => `{ events(first: ${first}) { edges { node { participants(first: ${inner}) { edges { node { role } } } } } } }`;

describe.each(TEST_PROVIDERS)('query limits on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider, defaultSettings({ limits: LIMITS }));
    await ingest(service, syntheticArticle(1, 2));
  });
  afterAll(async () => service?.dispose());

  const limitOf = (result: { errors?: { extensions?: Record<string, any> }[] }) => result.errors?.map((e) => [e.extensions?.code, e.extensions?.limit]);

  it('depth: 7 levels pass, 8 are refused', async () => {
    // events(1) edges(2) node(3) participants(4) edges(5) node(6) role(7).
    expect((await service.gql(nested(2, 2))).errors).toBeUndefined();
    const deeper = await service.gql(`{ events(first: 2) { edges { node { participants(first: 2) { edges { node { actor { name } } } } } } } }`);
    expect(limitOf(deeper)).toEqual([['LIMIT_EXCEEDED', 'depth']]);
    expect(deeper.errors![0].extensions).toMatchObject({ maximum: 7, actual: 8 });
  });

  it('cost: page sizes multiply; within the limit passes, over it is refused before anything runs', async () => {
    // 1 + first × (edges 1 + node 1 + participants (1 + 10 × (edges 1 + node 1 + role 1))) = 1 + 33 × first
    expect((await service.gql(nested(60, 10))).errors).toBeUndefined(); // 1,981
    const costly = await service.gql(nested(61, 10)); // 2,014
    expect(limitOf(costly)).toEqual([['LIMIT_EXCEEDED', 'cost']]);
    expect(costly.errors![0].extensions).toMatchObject({ maximum: 2_000, actual: 2_014 });
    expect(costly.errors![0].message).toMatch(/estimated cost is \d+; the limit is 2000 \(MAX_COST\)/);
  });

  it('aliases: 3 pass, 4 are refused', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: articles(first: 1) { totalCount }`).join(' ')} }`;
    expect((await service.gql(aliased(3))).errors).toBeUndefined();
    expect(limitOf(await service.gql(aliased(4)))).toEqual([['LIMIT_EXCEEDED', 'aliases']]);
  });

  it('tokens: a document over the limit is refused while it is parsed', async () => {
    const fields = (n: number) => `{ articles(first: 1) { edges { node { ${Array.from({ length: n }, () => 'id').join(' ')} } } } }`;
    // 16 tokens around the ids: 184 ids make 200 tokens, the limit; 185 make one more.
    expect((await service.gql(fields(184))).errors).toBeUndefined();
    const long = await service.gql(fields(185));
    expect(limitOf(long)).toEqual([['LIMIT_EXCEEDED', 'tokens']]);
  });

  it('page size: first: 100 passes, 101 is refused with the argument named', async () => {
    expect((await service.gql('{ articles(first: 100) { totalCount } }')).errors).toBeUndefined();
    const over = await service.gql('{ articles(first: 101) { totalCount } }');
    expect(over.errors![0].message).toBe('Invalid paging arguments: articles: "first" is 101; it must be between 0 and 100');
  });

  it('article size: the longest article allowed is stored, one character more is a typed LimitExceededError', async () => {
    const before = await service.db.prisma.article.count();
    const INGEST = `mutation($text: String!) { ingestArticle(input: { text: $text }) { __typename ... on LimitExceededError { limit maximum actual message } } }`;
    const over = await service.gql(INGEST, { text: `Kyiv: ${'a'.repeat(MAX_BODY_LENGTH - 6)}b` });
    expect(over.data.ingestArticle).toEqual({
      __typename: 'LimitExceededError', limit: 'articleSize', maximum: MAX_BODY_LENGTH, actual: MAX_BODY_LENGTH + 1,
      message: `The article is ${MAX_BODY_LENGTH + 1} characters long; the limit is ${MAX_BODY_LENGTH} (MAX_ARTICLE_CHARS).`,
    });
    expect(await service.db.prisma.article.count()).toBe(before);
    const atLimit = await service.gql(INGEST, { text: `Kyiv: ${'word '.repeat((MAX_BODY_LENGTH - 6) / 5)}`.padEnd(MAX_BODY_LENGTH, '.') });
    expect(atLimit.data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
  }, 60_000);
});

// PostgreSQL only: the SQLite driver answers synchronously, so no timer can fire while a query runs
// (README: on SQLite the cost and page limits are what bound a query).
describe.runIf(TEST_PROVIDERS.includes('postgresql'))('request timeout on postgresql', () => {
  it('answers a query that runs longer with LIMIT_EXCEEDED and 503', async () => {
    const service = await startTestService('postgresql', defaultSettings({ limits: { requestTimeoutMs: 1 } }));
    try {
      for (let i = 1; i <= 20; i++) await ingest(service, syntheticArticle(i, 5));
      // Through Pothos (the compiler takes no filters): several statements, each a turn of the event loop.
      const response = await service.app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${service.key}` },
        body: JSON.stringify({ query: '{ events(first: 30, filter: { statuses: [REPORTED, ALLEGED] }) { totalCount edges { node { summary participants { edges { node { actor { name statements(first: 5) { edges { node { quote } } } } } } } } } } }' }),
      });
      expect(response.status).toBe(503);
      const body = (await response.json()) as any;
      expect(body.errors[0]).toMatchObject({ message: 'The query ran longer than 1 ms (REQUEST_TIMEOUT_MS).', extensions: { code: 'LIMIT_EXCEEDED', limit: 'requestTimeout' } });
    } finally {
      await service.dispose();
    }
  });
});

describe.runIf(TEST_PROVIDERS.includes('postgresql'))('statement_timeout on postgresql', () => {
  it('has PostgreSQL cancel a statement that outlives the request timeout, answered as LIMIT_EXCEEDED', async () => {
    const database = await createEmptyDatabase('postgresql');
    const db = await openDatabase(database.url, { statementTimeoutMs: 100 });
    try {
      const error = await db.prisma.$queryRawUnsafe('SELECT pg_sleep(2)').catch((e: unknown) => e);
      expect(isStatementTimeout(error)).toBe(true);
      const masked = maskError(error, () => {}) as GraphQLError;
      expect(masked.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'requestTimeout', http: { status: 503 } });
      expect(masked.message).not.toMatch(/canceling statement|pg_sleep/);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});

describe('HTTP limits on a real port', () => {
  let service: TestService;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    service = await startTestService('sqlite');
    const settings = defaultSettings({ limits: { maxBodyBytes: 1_000, rateLimitPerIp: 3, rateLimitPerKey: 5 }, corsOrigins: ['https://app.example'] });
    server = await listen(createApp({ db: service.db, settings }), 0, '127.0.0.1', settings.limits);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await service?.dispose();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('body size: 1,000 bytes pass the door, 1,001 are refused with 413 before they are read', async () => {
    const padded = (n: number) => {
      const start = JSON.stringify({ query: '{ articles { totalCount } }', variables: { pad: '' } });
      return start.replace('"pad":""', `"pad":"${'x'.repeat(n - start.length)}"`);
    };
    const ok = await post(padded(1_000), { authorization: `Bearer ${service.key}` });
    expect(ok.status).toBe(200);
    const big = await post(padded(1_001), { authorization: `Bearer ${service.key}` });
    expect(big.status).toBe(413);
    expect((await big.json()).errors[0]).toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED', limit: 'bodySize', maximum: 1_000, actual: 1_001 } });
  });

  it('rate limit: per address without a key (3 a minute here), per key (5), answered 429 with Retry-After', async () => {
    const anonymous = [];
    for (let i = 0; i < 4; i++) anonymous.push(await post(JSON.stringify({ query: '{ articles { totalCount } }' })));
    expect(anonymous.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(anonymous[3].status).toBe(429);
    expect(Number(anonymous[3].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await anonymous[3].json()).errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'rateLimit', maximum: 3 });
    // The key has its own bucket; the body-size test spent one of its 5 (the 413 was refused before the bucket).
    const keyed = [];
    for (let i = 0; i < 5; i++) keyed.push((await post(JSON.stringify({ query: '{ articles { totalCount } }' }), { authorization: `Bearer ${service.key}` })).status);
    expect(keyed).toEqual([200, 200, 200, 200, 429]);
  });

  it('rate limit behind a proxy (TRUST_PROXY): each address our proxy appended has its own bucket; what the client put before it, and the header without the setting, are ignored', async () => {
    const proxied = await startTestService('sqlite', defaultSettings({ trustProxy: true, limits: { rateLimitPerIp: 2 } }));
    const direct = await startTestService('sqlite', defaultSettings({ limits: { rateLimitPerIp: 2 } }));
    try {
      const ask = async (s: TestService, forwardedFor: string) =>
        (await s.app.fetch('http://localhost/graphql?query={articles{totalCount}}', { headers: { 'x-forwarded-for': `198.51.100.7, ${forwardedFor}` } })).status;
      expect([await ask(proxied, '203.0.113.1'), await ask(proxied, '203.0.113.1'), await ask(proxied, '203.0.113.1')]).toEqual([200, 200, 429]);
      expect(await ask(proxied, '203.0.113.2')).toBe(200);
      expect([await ask(direct, '203.0.113.1'), await ask(direct, '203.0.113.2'), await ask(direct, '203.0.113.3')]).toEqual([200, 200, 429]);
    } finally {
      await proxied.dispose();
      await direct.dispose();
    }
  });

  it('CORS: the configured origin is allowed, another is not', async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    const allowed = await preflight('https://app.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});
