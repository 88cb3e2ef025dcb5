/**
 * server/http/operations.ts and the persisted-operations mode of server/http/app.ts: health,
 * readiness, metrics, trusted documents, introspection, and what never reaches a client.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticlesQuery, EventsQuery, createClient, type FetchLike } from '../client/src/index.js';
import { defaultSettings } from '../server/settings.js';
import { createApp } from '../server/http/app.js';
import { startTestService, TEST_PROVIDERS, type TestService } from './harness.js';

const get = async (service: TestService, path: string) => {
  const response = await service.app.fetch(`http://localhost${path}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

/** The typed client over yoga.fetch: the same requests it sends over the network. */
const clientOf = (service: TestService, options: { persistedDocuments?: boolean } = {}) =>
  createClient({ url: 'http://localhost/graphql', apiKey: service.key, fetch: ((url, init) => service.app.fetch(url, init)) as FetchLike, ...options });

describe.each(TEST_PROVIDERS)('operations endpoints on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
  });
  afterAll(async () => service?.dispose());

  it('/health answers while the process runs; /ready checks the database and the migrations', async () => {
    expect(await get(service, '/health')).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    expect(JSON.parse((await get(service, '/ready')).text)).toEqual({ status: 'ready', database: provider });
    // A migration the database has not applied makes the server not ready, and says which.
    const [last] = await service.db.prisma.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1');
    await service.db.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = finished_at WHERE migration_name = '${last.migration_name}'`);
    try {
      const ready = await get(service, '/ready');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text)).toEqual({ status: 'not ready', reason: 'migrations not applied', pending: [last.migration_name] });
    } finally {
      await service.db.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = '${last.migration_name}'`);
    }
  });

  it('/metrics counts requests, errors by code and SQL statements, in Prometheus text', async () => {
    await service.gql('{ articles { totalCount } }');
    await service.gql('{ articles(first: 101) { totalCount } }');
    const metrics = await get(service, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/newsgraph_http_requests_total\{route="\/graphql",status="200"\} [1-9]/);
    expect(metrics.text).toMatch(/newsgraph_graphql_errors_total\{code="BAD_USER_INPUT"\} [1-9]/);
    expect(metrics.text).toMatch(/newsgraph_sql_statements_total [1-9]/);
    expect(metrics.text).toMatch(/newsgraph_http_request_duration_seconds_bucket\{le="0.005",route="\/graphql"\}/);
    expect(metrics.text).toMatch(/newsgraph_process_resident_memory_bytes \d+/);
  });

  it('logs each request as one JSON line with its request id, status, time and SQL statements', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = createApp({ db: service.db, logRequest: (entry) => lines.push(entry) });
    const response = await app.fetch('http://localhost/graphql?query={articles{totalCount}}', { headers: { 'x-request-id': 'logged-1' } });
    expect(response.status).toBe(200);
    expect(lines).toEqual([{ level: 'info', msg: 'request', requestId: 'logged-1', method: 'GET', path: '/graphql', status: 200, ms: expect.any(Number), statements: 1 }]);
  });

  it('gives every response an X-Request-Id, keeping a well-formed one the client sent', async () => {
    const own = await service.app.fetch('http://localhost/graphql?query={articles{totalCount}}', { headers: { 'x-request-id': 'trace-42' } });
    expect(own.headers.get('x-request-id')).toBe('trace-42');
    const bad = await service.app.fetch('http://localhost/graphql?query={articles{totalCount}}', { headers: { 'x-request-id': 'no spaces or <tags> allowed' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('trusted documents (TRUSTED_DOCUMENTS)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('sqlite', defaultSettings({ trustedDocuments: true }));
  });
  afterAll(async () => service?.dispose());

  it('runs the client package\'s operations by hash, and refuses any other document', async () => {
    const client = clientOf(service, { persistedDocuments: true });
    expect((await client.request(ArticlesQuery, { first: 1 })).articles.totalCount).toBe(0);
    expect((await client.request(EventsQuery, {})).events.edges).toEqual([]);
    const arbitrary = await service.gql('{ articles { totalCount } }');
    expect(arbitrary.errors![0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_ONLY' } });
    const unknown = await service.app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
    });
    expect(((await unknown.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // The same client without hashes sends text, which this server refuses.
    await expect(clientOf(service).request(ArticlesQuery, { first: 1 })).rejects.toMatchObject({ codes: ['PERSISTED_QUERY_ONLY'] });
  });
});

describe('introspection (INTROSPECTION=false)', () => {
  it('is refused when turned off, and answered by default', async () => {
    const off = await startTestService('sqlite', defaultSettings({ introspection: false }));
    const on = await startTestService('sqlite');
    try {
      const refused = await off.gql('{ __schema { types { name } } }');
      expect(refused.errors![0].message).toMatch(/introspection/i);
      expect(refused.data).toBeUndefined();
      expect((await off.gql('{ articles { totalCount } }')).errors).toBeUndefined();
      expect((await on.data('{ __schema { queryType { name } } }')).__schema.queryType.name).toBe('Query');
      // GraphiQL's and codegen's full introspection query passes the depth, cost and token limits.
      const full = await on.gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), undefined, { key: null });
      expect(full.errors).toBeUndefined();
      expect(full.data.__schema.types.length).toBeGreaterThan(50);
    } finally {
      await off.dispose();
      await on.dispose();
    }
  });
});
