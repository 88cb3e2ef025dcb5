/**
 * server/http/access.ts, auth.ts and storage/api-keys.ts: who may read and write, checked at the
 * door (the key) and on each field (its scopes), on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey } from '../server/storage/api-keys.js';
import { defaultSettings } from '../server/settings.js';
import { ingest, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { syntheticArticle } from './fixtures.js';

const INGEST_TEXT = /* GraphQL */ `
  mutation($text: String!) {
    ingestArticle(input: { text: $text }) {
      __typename
      ... on MutationIngestArticleSuccess { data { status article { id } } }
      ... on Error { message }
      ... on ForbiddenError { requiredScope }
    }
  }
`;
const DELETE = /* GraphQL */ `mutation($id: ID!) { deleteArticle(id: $id) { __typename ... on Error { message } ... on ForbiddenError { requiredScope } } }`;
const text = (n: number) => `Baku: Azerbaijan's defence ministry said on Monday that Armenian forces shelled Lachin, wounding ${n} soldiers.`;

async function rawPost(service: TestService, body: unknown, headers: Record<string, string> = {}) {
  const response = await service.app.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe.each(TEST_PROVIDERS)('access on %s', (provider) => {
  let service: TestService;
  let readKey: string;
  let writeKey: string;
  beforeAll(async () => {
    service = await startTestService(provider);
    readKey = (await createApiKey(service.db.prisma, 'reader', ['read'])).key;
    writeKey = (await createApiKey(service.db.prisma, 'writer', ['write'])).key;
  });
  afterAll(async () => service?.dispose());

  const articleCount = async () => service.db.prisma.article.count();

  it('serves reads without a key, and refuses writes without one with a typed error, writing nothing', async () => {
    const before = await articleCount();
    expect((await service.gql('{ articles { totalCount } }', undefined, { key: null })).data).toEqual({ articles: { totalCount: before } });
    const result = await service.gql(INGEST_TEXT, { text: text(1) }, { key: null });
    expect(result.data.ingestArticle).toEqual({ __typename: 'UnauthorizedError', message: 'An API key is required: send "Authorization: Bearer <key>".' });
    expect(await articleCount()).toBe(before);
  });

  it('checks scopes on each mutation: read cannot write, write cannot delete, admin can', async () => {
    const denied = await service.gql(INGEST_TEXT, { text: text(2) }, { key: readKey });
    expect(denied.data.ingestArticle).toMatchObject({ __typename: 'ForbiddenError', requiredScope: 'write' });
    const stored = await service.gql(INGEST_TEXT, { text: text(3) }, { key: writeKey });
    expect(stored.data.ingestArticle.__typename).toBe('MutationIngestArticleSuccess');
    const id = stored.data.ingestArticle.data.article.id;
    expect((await service.gql(DELETE, { id }, { key: writeKey })).data.deleteArticle).toMatchObject({ __typename: 'ForbiddenError', requiredScope: 'admin' });
    expect((await service.gql(DELETE, { id }, { key: service.key })).data.deleteArticle.__typename).toBe('MutationDeleteArticleSuccess');
  });

  it('refuses a malformed, unknown or revoked key with 401, even for a public read', async () => {
    const revoked = await createApiKey(service.db.prisma, 'to revoke', ['read']);
    await revokeApiKey(service.db.prisma, String(revoked.info.id));
    const unknown = readKey.slice(0, -4) + (readKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const authorization of ['Bearer nonsense', `Bearer ${unknown}`, `Bearer ${revoked.key}`, 'Basic dXNlcjpwYXNz']) {
      const response = await rawPost(service, { query: '{ articles { totalCount } }' }, { authorization });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(response.body.data).toBeUndefined();
    }
  });

  it('checks the key on every way in: a trailing slash, a persisted GET (no query parameter), the GraphiQL page', async () => {
    const bad = { authorization: 'Bearer ng_aaaaaaaaaaaa_' + 'A'.repeat(43) };
    const slash = await service.app.fetch('http://localhost/graphql/', { method: 'POST', headers: { 'content-type': 'application/json', ...bad }, body: JSON.stringify({ query: '{ articles { totalCount } }' }) });
    expect(slash.status).toBe(401);
    const persisted = await service.app.fetch(`http://localhost/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } }))}`, { headers: bad });
    expect(persisted.status).toBe(401);
    // The page goes through the same door as everything else (and spends the same rate limit).
    const page = await service.app.fetch('http://localhost/graphql', { headers: { accept: 'text/html', ...bad } });
    expect(page.status).toBe(401);
  });

  it('stores only a hash of each key, and lists keys without their secrets', async () => {
    const { key, info } = await createApiKey(service.db.prisma, 'audit', ['read']);
    const row = await service.db.prisma.apiKey.findUniqueOrThrow({ where: { id: info.id } });
    const secret = key.slice('ng_'.length + 12 + 1);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await listApiKeys(service.db.prisma);
    expect(listed.find((k) => k.id === info.id)).toMatchObject({ name: 'audit', scopes: ['read'], revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(secret);
  });
});

describe('guessing keys', () => {
  it('spends the address\'s rate limit: wrong keys get 401 until the budget is gone, then 429', async () => {
    const service = await startTestService('sqlite', defaultSettings({ limits: { rateLimitPerIp: 2 } }));
    try {
      const guess = async () => (await rawPost(service, { query: '{ articles { totalCount } }' }, { authorization: `Bearer ng_aaaaaaaaaaaa_${'B'.repeat(43)}` })).status;
      expect([await guess(), await guess(), await guess()]).toEqual([401, 401, 429]);
    } finally {
      await service.dispose();
    }
  });
});

describe.each(TEST_PROVIDERS)('reads that require a key, on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider, defaultSettings({ readsRequireKey: true }));
    await ingest(service, syntheticArticle(1, 2));
  });
  afterAll(async () => service?.dispose());

  it('answers 401 without a key, on compiled and Pothos queries alike, and serves a key with the read scope', async () => {
    // The first is one the compiler takes (one SQL statement); the second goes through Pothos.
    for (const query of ['{ events(first: 2) { edges { node { id summary } } } }', '{ search(query: "incident") { totalCount } }']) {
      const refused = await rawPost(service, { query });
      expect(refused.status, query).toBe(401);
      expect(refused.body.data ?? null, query).toBeNull();
      expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const { key } = await createApiKey(service.db.prisma, 'reader', ['read']);
      const served = await rawPost(service, { query }, { authorization: `Bearer ${key}` });
      expect(served.status).toBe(200);
      expect(served.body.errors).toBeUndefined();
    }
  });
});
