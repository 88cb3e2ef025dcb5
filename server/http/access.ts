import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { RequestAuth } from '../graphql/builder.js';
import { isDatabaseUnavailable, requestScope } from '../storage/db.js';
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
 * Where the request came from: the socket's address, or with TRUST_PROXY the last address of
 * X-Forwarded-For, the one our own proxy appended (the ones before it are whatever the client sent).
 */
function clientAddress(request: Request, serverContext: Record<string, unknown> | undefined, trustProxy: boolean): string {
  const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  if (forwarded) return forwarded;
  const req = serverContext?.req as { socket?: { remoteAddress?: string } } | undefined;
  return req?.socket?.remoteAddress ?? 'local';
}

/**
 * At the door of every request the operations endpoints did not answer: gives it its id, verifies
 * the key it sends (401 for a wrong or revoked one), and applies the rate limit of its key, or of its
 * address when it sends none or a wrong one (429 with Retry-After). What the key may do is checked
 * again on each field (scope-auth). Whatever fails here is answered masked, never with a stack.
 */
export function useAccess(options: { db: ConstructorParameters<typeof Authenticator>[0]; settings: Settings; metrics: Metrics; log: Log; auths: WeakMap<Request, RequestAuth>; developmentKey?: string }): Plugin {
  const { settings, metrics, log, auths } = options;
  const authenticator = new Authenticator(options.db, settings.readsRequireKey, log, options.developmentKey);
  const limiter = new RateLimiter((identity) => (identity.startsWith('key:') ? settings.limits.rateLimitPerKey : settings.limits.rateLimitPerIp));
  const ids = new WeakMap<Request, string>();

  const tooMany = (requestId: string, retryAfter: number, byKey: boolean) => {
    metrics.rateLimited.inc({ client: byKey ? 'key' : 'ip' });
    const maximum = byKey ? settings.limits.rateLimitPerKey : settings.limits.rateLimitPerIp;
    return errorResponse(
      429,
      `Rate limit exceeded: ${maximum} requests a minute per ${byKey ? 'API key (RATE_LIMIT_PER_KEY)' : 'address without a valid key (RATE_LIMIT_PER_IP)'}; retry in ${retryAfter} s.`,
      { code: 'LIMIT_EXCEEDED', limit: 'rateLimit', maximum, requestId },
      { 'Retry-After': String(retryAfter) },
    );
  };

  async function admit(request: Request, serverContext: Record<string, unknown> | undefined, requestId: string): Promise<Response | null> {
    const address = `ip:${clientAddress(request, serverContext, settings.trustProxy)}`;
    let auth: RequestAuth | null;
    try {
      auth = await authenticator.authenticate(request.headers.get('authorization'));
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      log({ level: 'warn', msg: 'database unavailable', requestId, error: (error as Error).message });
      return errorResponse(503, 'The database is unavailable; retry shortly.', { code: 'SERVICE_UNAVAILABLE', requestId }, { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER) });
    }
    if (!auth) {
      // Guessing keys costs the guesser's address its budget.
      const retryAfter = limiter.take(address);
      if (retryAfter > 0) return tooMany(requestId, retryAfter, false);
      return errorResponse(
        401,
        'Invalid API key: it is malformed, unknown or revoked. Send "Authorization: Bearer <key>", or no Authorization header for public reads.',
        { code: 'UNAUTHENTICATED', requestId },
        { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      );
    }
    const retryAfter = limiter.take(auth.key ? `key:${auth.key.prefix}` : address);
    if (retryAfter > 0) return tooMany(requestId, retryAfter, auth.key != null);
    auths.set(request, auth);
    return null;
  }

  return {
    async onRequest({ request, serverContext, endResponse }) {
      const incoming = request.headers.get('x-request-id');
      const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      ids.set(request, requestId);
      const scope = requestScope.getStore();
      if (scope) scope.requestId = requestId;
      try {
        const refused = await admit(request, serverContext as Record<string, unknown> | undefined, requestId);
        if (refused) endResponse(refused);
      } catch (error) {
        // Errors of this hook would reach the client unmasked (the HTTP adapter answers with the stack).
        log({ level: 'error', msg: 'unexpected error', requestId, error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
        endResponse(errorResponse(500, 'Unexpected error.', { code: 'INTERNAL_SERVER_ERROR', requestId }));
      }
    },
    onResponse({ request, response }) {
      const requestId = ids.get(request);
      if (requestId) response.headers.set('x-request-id', requestId);
    },
  };
}
