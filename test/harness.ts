import { openDatabase, type Database, type Provider } from '../server/storage/db.js';
import { createEmptyDatabase } from './databases.js';

export { createEmptyDatabase, POSTGRES_URL } from './databases.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { createApp, type NewsgraphYoga } from '../server/http/app.js';
import { createApiKey } from '../server/storage/api-keys.js';
import { defaultSettings, type Settings } from '../server/settings.js';

/** The databases the API suite runs against: both unless TEST_DATABASES narrows it. */
export const TEST_PROVIDERS: Provider[] = (process.env.TEST_DATABASES ?? 'sqlite,postgresql')
  .split(',')
  .map((p) => p.trim())
  .filter((p): p is Provider => p === 'sqlite' || p === 'postgresql');


/**
 * Ingests an article (structured input or `{ text }`) through the API, and fails the test unless
 * it was stored: setup that silently stored nothing would leave the assertions after it vacuous.
 */
export async function ingest(service: TestService, input: object): Promise<void> {
  const r = await service.data(`mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { __typename ... on Error { message } } }`, { input });
  if (r.ingestArticle.__typename !== 'MutationIngestArticleSuccess') throw new Error(`the test's ingest was refused: ${JSON.stringify(r.ingestArticle)}`);
}

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

/**
 * Rows of every table a write can touch, for "a refused request wrote nothing": compared before and
 * after, a change in any table shows.
 */
export async function rowCounts(db: Database): Promise<Record<string, number>> {
  const p = db.prisma;
  return {
    articles: await p.article.count(), sources: await p.source.count(), actors: await p.actor.count(), aliases: await p.actorAlias.count(),
    mentions: await p.actorMention.count(), places: await p.place.count(), statements: await p.statement.count(), events: await p.event.count(),
    participants: await p.eventParticipant.count(), reports: await p.eventReport.count(), keys: await p.apiKey.count(),
  };
}
