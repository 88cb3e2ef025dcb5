/**
 * The server's limits and switches, read once from the environment. Every variable is documented
 * in the README's configuration table; a malformed value stops the server with a message that
 * names it, rather than running with a limit nobody chose.
 */
import { availableParallelism } from 'node:os';

export interface Settings {
  /** Reads need a key with the `read` scope too (writes always need one). */
  readsRequireKey: boolean;
  /** Development conveniences: a fresh admin key printed at start and preset in GraphiQL. */
  development: boolean;
  /** Serve the GraphiQL page at GET /graphql (off in production unless GRAPHIQL=true). */
  graphiql: boolean;
  introspection: boolean;
  /** Allowed browser origins; `*` for any, empty for none (no CORS headers). */
  corsOrigins: string[];
  /** Only operations of the client package's persisted-documents manifest are run. */
  trustedDocuments: boolean;
  /** Behind a proxy: the client's address is the last of X-Forwarded-For (our proxy's entry), not the socket's. */
  trustProxy: boolean;
  limits: Limits;
}

export interface Limits {
  maxDepth: number;
  /** Estimated cost: each field 1, times the page size of the connections above it. */
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  /** Requests per minute and key; per minute and IP address for requests without a key. */
  rateLimitPerKey: number;
  rateLimitPerIp: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 12,
  maxCost: 50_000,
  maxAliases: 30,
  maxTokens: 5_000,
  // An article of MAX_BODY_LENGTH characters, JSON-escaped, fits.
  maxBodyBytes: 8 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  rateLimitPerKey: 1_200,
  rateLimitPerIp: 300,
};

export class SettingsError extends Error {}

/** MAX_ARTICLE_CHARS: the longest article accepted for ingest (storage reads it; the CLI ingests too). */
export function maxArticleChars(env: Env = process.env): number {
  return integer(env, 'MAX_ARTICLE_CHARS', 1_000_000);
}

/**
 * EXTRACTION_THREADS and EXTRACTION_BUDGET_MS: the worker threads that extract ingested text, and the
 * most one article may take there before it is refused (below the request timeout, so that the
 * client hears why).
 */
export function extractionPool(env: Env = process.env): { threads: number; budgetMs: number } {
  return { threads: integer(env, 'EXTRACTION_THREADS', DEFAULT_EXTRACTION_THREADS), budgetMs: integer(env, 'EXTRACTION_BUDGET_MS', 20_000, 100) };
}
/** One core is left to the request thread and the database; at most four workers. */
const DEFAULT_EXTRACTION_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw == null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new SettingsError(`${name} must be an integer of at least ${min}; it is "${raw}"`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw == null || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new SettingsError(`${name} must be true or false; it is "${raw}"`);
}

/** HOST: the interface the server listens on; the development key depends on it, so it is read here only. */
const hostOf = (env: Env) => env.HOST || '127.0.0.1';

/**
 * Why this is not development proper, the only place a development key may exist: an admin key
 * printed in a log and put into a web page must not reach a server that others can reach, directly,
 * through a proxy, or from other sites' pages. null when it is development proper.
 */
function notDevelopment(env: Env): string | null {
  if (env.NODE_ENV && env.NODE_ENV !== 'development') return `NODE_ENV is "${env.NODE_ENV}" (it must be unset or "development")`;
  if (!['127.0.0.1', 'localhost', '::1'].includes(hostOf(env))) return `HOST is "${hostOf(env)}", not a loopback address`;
  if (flag(env, 'TRUST_PROXY', false)) return 'TRUST_PROXY is on (the server is behind a proxy)';
  if ((env.CORS_ORIGINS ?? '').trim() !== '') return 'CORS_ORIGINS lets other sites read the server\'s answers';
  return null;
}

export function readSettings(env: Env = process.env): Settings {
  const notDevelopmentBecause = notDevelopment(env);
  const development = flag(env, 'DEV_KEY', notDevelopmentBecause == null);
  if (development && notDevelopmentBecause) {
    throw new SettingsError(`DEV_KEY=true needs development proper, but ${notDevelopmentBecause}: a development admin key is never made here (create a lasting key with: npx newsgraph keys create NAME --scopes write)`);
  }
  return {
    readsRequireKey: flag(env, 'READS_REQUIRE_KEY', false),
    development,
    graphiql: flag(env, 'GRAPHIQL', env.NODE_ENV !== 'production'),
    introspection: flag(env, 'INTROSPECTION', true),
    // A development server puts its admin key into the GraphiQL page: no other origin may read it.
    corsOrigins: (env.CORS_ORIGINS ?? (development ? '' : '*')).split(',').map((o) => o.trim()).filter(Boolean),
    trustedDocuments: flag(env, 'TRUSTED_DOCUMENTS', false),
    trustProxy: flag(env, 'TRUST_PROXY', false),
    limits: {
      maxDepth: integer(env, 'MAX_DEPTH', DEFAULT_LIMITS.maxDepth),
      maxCost: integer(env, 'MAX_COST', DEFAULT_LIMITS.maxCost),
      maxAliases: integer(env, 'MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 0),
      maxTokens: integer(env, 'MAX_TOKENS', DEFAULT_LIMITS.maxTokens),
      maxBodyBytes: integer(env, 'MAX_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes),
      requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', DEFAULT_LIMITS.requestTimeoutMs),
      rateLimitPerKey: integer(env, 'RATE_LIMIT_PER_KEY', DEFAULT_LIMITS.rateLimitPerKey),
      rateLimitPerIp: integer(env, 'RATE_LIMIT_PER_IP', DEFAULT_LIMITS.rateLimitPerIp),
    },
  };
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** What the server process itself reads (serve.ts): where it listens, what it logs, how it stops. */
export interface ServerSettings {
  host: string;
  port: number;
  seedSample: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  logRequests: boolean;
  shutdownGraceMs: number;
}

export function readServerSettings(env: Env = process.env): ServerSettings {
  const logLevel = (env.LOG_LEVEL || 'info') as ServerSettings['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new SettingsError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; it is "${env.LOG_LEVEL}"`);
  return {
    host: hostOf(env),
    port: integer(env, 'PORT', 4000, 0),
    seedSample: flag(env, 'SEED_SAMPLE', true),
    logLevel,
    logRequests: flag(env, 'LOG_REQUESTS', true),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0),
  };
}

/** The settings the tests and createApp start from: production-like, with the default limits. */
export function defaultSettings(overrides: Partial<Omit<Settings, 'limits'>> & { limits?: Partial<Limits> } = {}): Settings {
  return {
    readsRequireKey: false,
    development: false,
    graphiql: false,
    introspection: true,
    corsOrigins: ['*'],
    trustedDocuments: false,
    trustProxy: false,
    ...overrides,
    limits: { ...DEFAULT_LIMITS, ...overrides.limits },
  };
}
