import type { Plugin } from 'graphql-yoga';
import { pendingMigrations } from '../storage/migrate.js';
import { requestScope, type Database } from '../storage/db.js';
import type { Log } from './errors.js';
import type { Metrics } from './metrics.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);

/**
 * GET /health: the process answers (liveness). GET /ready: the database answers and every shipped
 * migration is applied (readiness). GET /metrics: Prometheus metrics.
 */
export function useOperationsEndpoints(db: Database, metrics: Metrics): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      if (request.method !== 'GET') return;
      if (url.pathname === '/health') return endResponse(json(200, { status: 'ok' }));
      if (url.pathname === '/metrics') {
        return endResponse(new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType } }));
      }
      if (url.pathname === '/ready') {
        try {
          const pending = await pendingMigrations(db.prisma, db.provider);
          if (pending.length) return endResponse(json(503, { status: 'not ready', reason: 'migrations not applied', pending }));
          return endResponse(json(200, { status: 'ready', database: db.provider }));
        } catch {
          return endResponse(json(503, { status: 'not ready', reason: 'the database does not answer' }));
        }
      }
    },
  };
}

/** Counts and times every response, with its GraphQL error codes, and logs it as one JSON line. */
export function useRequestMetrics(metrics: Metrics, log: Log | null): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onResultProcess({ result }) {
      for (const r of Array.isArray(result) ? result : [result]) {
        const errors = (r as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? [];
        for (const e of errors) metrics.errors.inc({ code: String(e.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED') });
      }
    },
    onResponse({ request, response }) {
      const path = new URL(request.url).pathname;
      const route = ROUTES.has(path) ? path : 'other';
      const seconds = (performance.now() - (started.get(request) ?? performance.now())) / 1000;
      const scope = requestScope.getStore();
      const statements = scope?.count ?? 0;
      metrics.requests.inc({ route, status: String(response.status) });
      metrics.duration.observe({ route }, seconds);
      metrics.sqlStatements.inc(statements);
      if (route !== '/metrics' && route !== '/health') {
        log?.({ level: 'info', msg: 'request', requestId: scope?.requestId ?? null, method: request.method, path, status: response.status, ms: Math.round(seconds * 1000), statements });
      }
    },
  };
}
