import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type Provider } from '../server/storage/db.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { createApp, type NewsgraphYoga } from '../server/http/app.js';
import { createApiKey } from '../server/storage/api-keys.js';
import { defaultSettings, type Settings } from '../server/settings.js';

/** The databases the API suite runs against: both unless TEST_DATABASES narrows it. */
export const TEST_PROVIDERS: Provider[] = (process.env.TEST_DATABASES ?? 'sqlite,postgresql')
  .split(',')
  .map((p) => p.trim())
  .filter((p): p is Provider => p === 'sqlite' || p === 'postgresql');

/** A server of PostgreSQL where test databases may be created and dropped. */
export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestService {
  provider: Provider;
  url: string;
  db: Database;
  app: NewsgraphYoga;
  /** An admin key, which gql and data send unless told otherwise. */
  key: string;
  /** Errors the server logged (masked ones included). */
  logged: Record<string, unknown>[];
  /** `key: null` sends no Authorization header; a string sends that key. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { key?: string | null }): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any GraphQL error and returns data. */
  data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  dispose(): Promise<void>;
}

/** A new empty database of the provider (a temporary SQLite file, or a database on POSTGRES_URL), and how to drop it. */
export async function createEmptyDatabase(provider: Provider): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'newsgraph-test-'));
    return { url: `file:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `newsgraph_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A migrated, empty database of the provider, with the real schema behind yoga.fetch. */
export async function startTestService(provider: Provider, settings: Settings = defaultSettings()): Promise<TestService> {
  const { url, drop } = await createEmptyDatabase(provider);
  await migrateDatabase(url);
  const db = await openDatabase(url);
  const logged: Record<string, unknown>[] = [];
  const app = createApp({ db, settings, logError: (entry) => logged.push(entry) });
  const { key } = await createApiKey(db.prisma, 'tests', ['admin']);
  const gql = async (query: string, variables?: Record<string, unknown>, options: { key?: string | null } = {}) => {
    const sent = options.key === undefined ? key : options.key;
    const response = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(sent ? { authorization: `Bearer ${sent}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };
  return {
    provider,
    url,
    db,
    app,
    key,
    logged,
    gql,
    async data(query, variables) {
      const result = await gql(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data;
    },
    async dispose() {
      await db.close();
      await drop();
    },
  };
}
