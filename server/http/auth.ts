import { createHash } from 'node:crypto';
import { grantedScopes, isDevelopmentKey, isWellFormedKey, touchApiKey, verifyApiKey, type ApiKeyInfo } from '../storage/api-keys.js';
import type { Database } from '../storage/db.js';
import { readFromPrimary } from '../storage/replicas.js';
import type { RequestAuth } from '../graphql/builder.js';
import type { Log } from './errors.js';

/** How long a verified key is remembered: a revocation takes effect within this time. */
export const KEY_CACHE_MS = 10_000;
const CACHE_LIMIT = 10_000;

/**
 * Turns the Authorization header into what the request may do. A key that is sent must be valid:
 * a wrong or revoked key is refused outright (401), even for a read that needs none.
 */
export class Authenticator {
  /** Valid keys only, by the SHA-256 of the whole key (no secret is kept in memory), oldest first. */
  private readonly cache = new Map<string, { key: ApiKeyInfo; until: number }>();
  /** The prefix of this server's own development key: the only development key it accepts. */
  private readonly ownDevelopmentPrefix: string | null;
  constructor(
    private readonly db: Database,
    private readonly readsRequireKey: boolean,
    private readonly log: Log,
    developmentKey?: string,
  ) {
    this.ownDevelopmentPrefix = developmentKey ? (/^ng_([a-z0-9]+)_/.exec(developmentKey)?.[1] ?? null) : null;
  }

  anonymous(): RequestAuth {
    return { key: null, scopes: new Set(), canRead: !this.readsRequireKey };
  }

  /** null when a credential was sent and is not a valid key. */
  async authenticate(authorization: string | null): Promise<RequestAuth | null> {
    if (authorization == null || authorization.trim() === '') return this.anonymous();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return null;
    const key = await this.lookup(match[1]);
    if (!key) return null;
    const scopes = grantedScopes(key.scopes);
    return { key, scopes, canRead: scopes.has('read') };
  }

  private async lookup(token: string): Promise<ApiKeyInfo | null> {
    // A malformed token costs no database lookup and takes no room in the cache.
    if (!isWellFormedKey(token)) return null;
    const now = Date.now();
    const digest = createHash('sha256').update(token).digest('hex');
    const cached = this.cache.get(digest);
    if (cached && cached.until > now) return cached.key;
    this.cache.delete(digest);
    // On the primary: a replica may not have replayed a key just created, or just revoked.
    const key = await readFromPrimary(() => verifyApiKey(this.db.prisma, token));
    if (!key) return null;
    // A development key belongs to the server process that printed it (and put it into its
    // GraphiQL page): another server on the same database, a production one above all, refuses it.
    if (isDevelopmentKey(key) && key.prefix !== this.ownDevelopmentPrefix) return null;
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(digest, { key, until: now + KEY_CACHE_MS });
    // Recording the use must not fail the request (SQLite may be busy with an ingest).
    touchApiKey(this.db.prisma, key).catch((error) => this.log({ level: 'warn', msg: 'could not record the use of an API key', keyId: key.id, error: String(error) }));
    return key;
  }
}
