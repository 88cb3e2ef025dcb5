import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { RequestAuth } from '../graphql/builder.js';
import { isDatabaseUnavailable, statementScope } from '../storage/db.js';
import { Authenticator } from './auth.js';
import { UNAVAILABLE_RETRY_AFTER, type Log } from './errors.js';
import type { Metrics } from './metrics.js';
import { RateLimiter } from './rate-limit.js';
import type { Settings } from '../settings.js';

/** A JSON error answered before GraphQL runs, in the same shape as GraphQL's own errors. */
export function errorResponse(status: number, message: string, extensions: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions }] }), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Where the request came from: the socket's address, or with TRUST_PROXY the first address of
 * X-Forwarded-For (only a proxy of ours may be trusted to set it: a client could send any).
 */
function clientAddress(request: Request, serverContext: Record<string, unknown> | undefined, trustProxy: boolean): string {
  const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  if (forwarded) return forwarded;
  const req = serverContext?.req as { socket?: { remoteAddress?: string } } | undefined;
  return req?.socket?.remoteAddress ?? 'local';
}

/**
 * At the door of /graphql: gives the request its id, verifies the key it sends (401 for a wrong or
 * revoked one), and applies the rate limit of its key, or of its address when it sends none (429
 * with Retry-After). What the key may do is checked again on each field (scope-auth).
 */
export function useAccess(options: { db: ConstructorParameters<typeof Authenticator>[0]; settings: Settings; metrics: Metrics; log: Log; auths: WeakMap<Request, RequestAuth> }): Plugin {
  const { settings, metrics, log, auths } = options;
  const authenticator = new Authenticator(options.db, settings.readsRequireKey);
  const limiter = new RateLimiter((identity) => (identity.startsWith('key:') ? settings.limits.rateLimitPerKey : settings.limits.rateLimitPerIp));
  const ids = new WeakMap<Request, string>();
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      const incoming = request.headers.get('x-request-id');
      const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      ids.set(request, requestId);
      const scope = statementScope.getStore();
      if (scope) scope.requestId = requestId;
      if (url.pathname !== '/graphql') return;
      // The GraphiQL page itself is public; the operations it sends are not.
      if (request.method === 'GET' && !url.searchParams.has('query')) {
        auths.set(request, authenticator.anonymous());
        return;
      }
      let auth: RequestAuth | null;
      try {
        auth = await authenticator.authenticate(request.headers.get('authorization'));
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        log({ level: 'warn', msg: 'database unavailable', requestId, error: (error as Error).message });
        return endResponse(errorResponse(503, 'The database is unavailable; retry shortly.', { code: 'SERVICE_UNAVAILABLE', requestId }, { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER) }));
      }
      if (!auth) {
        return endResponse(
          errorResponse(401, 'Invalid API key: it is malformed, unknown or revoked. Send "Authorization: Bearer <key>", or no Authorization header for public reads.', { code: 'UNAUTHENTICATED', requestId }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }),
        );
      }
      const identity = auth.key ? `key:${auth.key.prefix}` : `ip:${clientAddress(request, serverContext as Record<string, unknown>, settings.trustProxy)}`;
      const retryAfter = limiter.take(identity);
      if (retryAfter > 0) {
        metrics.rateLimited.inc({ client: auth.key ? 'key' : 'ip' });
        const maximum = auth.key ? settings.limits.rateLimitPerKey : settings.limits.rateLimitPerIp;
        return endResponse(
          errorResponse(
            429,
            `Rate limit exceeded: ${maximum} requests a minute per ${auth.key ? 'API key (RATE_LIMIT_PER_KEY)' : 'address without a key (RATE_LIMIT_PER_IP)'}; retry in ${retryAfter} s.`,
            { code: 'LIMIT_EXCEEDED', limit: 'rateLimit', maximum, requestId },
            { 'Retry-After': String(retryAfter) },
          ),
        );
      }
      auths.set(request, auth);
    },
    onResponse({ request, response }) {
      const requestId = ids.get(request);
      if (requestId) response.headers.set('x-request-id', requestId);
    },
  };
}
