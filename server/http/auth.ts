import { grantedScopes, touchApiKey, verifyApiKey, type ApiKeyInfo } from '../storage/api-keys.js';
import type { Database } from '../storage/db.js';
import { readFromPrimary } from '../storage/replicas.js';
import type { RequestAuth } from '../graphql/builder.js';

/** How long a verified (or refused) key is remembered: a revocation takes effect within this time. */
export const KEY_CACHE_MS = 10_000;
const CACHE_LIMIT = 10_000;

/**
 * Turns the Authorization header into what the request may do. A key that is sent must be valid:
 * a wrong or revoked key is refused outright (401), even for a read that needs none.
 */
export class Authenticator {
  private readonly cache = new Map<string, { key: ApiKeyInfo | null; until: number }>();
  constructor(
    private readonly db: Database,
    private readonly readsRequireKey: boolean,
  ) {}

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

  private async lookup(secret: string): Promise<ApiKeyInfo | null> {
    const now = Date.now();
    const cached = this.cache.get(secret);
    if (cached && cached.until > now) return cached.key;
    // On the primary: a replica may not have replayed a key just created, or just revoked.
    const key = await readFromPrimary(() => verifyApiKey(this.db.prisma, secret));
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(secret, { key, until: now + KEY_CACHE_MS });
    if (key) await touchApiKey(this.db.prisma, key);
    return key;
  }
}
