import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one server (GET /metrics). */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'newsgraph_http_requests_total',
    help: 'HTTP requests answered, by route and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'newsgraph_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'newsgraph_graphql_errors_total',
    help: 'GraphQL errors sent to clients, by code (INTERNAL_SERVER_ERROR counts the masked ones).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly sqlStatements = new Counter({
    name: 'newsgraph_sql_statements_total',
    help: 'SQL statements sent to the database by requests.',
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'newsgraph_rate_limited_total',
    help: 'Requests refused with 429, by kind of client (key or ip).',
    labelNames: ['client'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'newsgraph_' });
  }
}
