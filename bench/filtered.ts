/**
 * npm run bench:filtered -- [--size large] [--databases sqlite,postgresql] [--requests 30]
 *
 * Latency of filtered connection queries (first: 20, with totalCount) on a loaded benchmark database
 * (npm run bench:load): sequential requests over HTTP to the real server, pinned as in bench/run.ts.
 * The filter values are chosen from the data so that each filter is a hard one of its kind: the most
 * quoted speaker, the country with most events, a word found in about a tenth of the rows.
 * Each query is also asked for its second page, through the first page's end cursor, and for its
 * first page without totalCount.
 * Writes bench/results/<size>-filtered.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { globalId } from './scenarios.js';
import { arg, gqlRequest, pinThisProcess, startApi, twoCores, urlOf } from './servers.js';

const size = arg('size', 'large');
const databases = arg('databases', 'sqlite,postgresql').split(',');
const requests = Number(arg('requests', '30'));
pinThisProcess();

/** One SQL query on the loaded database, to choose filter values (not measured). */
async function sqlOn(db: string, url: string): Promise<{ one(sql: string): Promise<Record<string, unknown>>; close(): Promise<void> }> {
  if (db === 'sqlite') {
    const conn = new Database(url.replace(/^file:/, ''), { readonly: true });
    return { one: async (sql) => conn.prepare(sql).get() as Record<string, unknown>, close: async () => { conn.close(); } };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { one: async (sql) => (await client.query(sql)).rows[0], close: () => client.end() };
}

async function chooseValues(db: string, url: string) {
  const sql = await sqlOn(db, url);
  try {
    const speaker = await sql.one(`SELECT "speakerId" AS id, count(*) AS n FROM "Statement" WHERE "speakerId" IS NOT NULL GROUP BY "speakerId" ORDER BY n DESC LIMIT 1`);
    const actor = await sql.one(`SELECT "actorId" AS id, count(*) AS n FROM "EventParticipant" GROUP BY "actorId" ORDER BY n DESC LIMIT 1`);
    const country = await sql.one(`SELECT a."countryCode" AS code, count(*) AS n FROM "EventParticipant" p JOIN "Actor" a ON a.id = p."actorId" WHERE a."countryCode" IS NOT NULL GROUP BY a."countryCode" ORDER BY n DESC LIMIT 1`);
    const month = await sql.one(`SELECT max("publishedAt") AS d FROM "Article"`);
    const last = new Date(month.d as string | number | Date);
    const from = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    const to = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), 0)).toISOString().slice(0, 10);
    return { speaker: globalId('Actor', Number(speaker.id)), actor: globalId('Actor', Number(actor.id)), actorEvents: Number(actor.n), country: String(country.code), from, to };
  } finally {
    await sql.close();
  }
}

const PAGE = 'totalCount pageInfo { hasNextPage endCursor } edges { node { id } }';
function queries(v: Awaited<ReturnType<typeof chooseValues>>) {
  // In 12 % of the generated statements and nearly every article.
  const word = process.env.BENCH_SEARCH_WORD ?? 'talks';
  return [
    { name: 'statements by speaker', field: 'statements', filter: `{ speaker: "${v.speaker}" }` },
    { name: 'articles by date range (a month)', field: 'articles', filter: `{ publishedFrom: "${v.from}", publishedTo: "${v.to}" }` },
    { name: 'events by type and date range', field: 'events', filter: `{ types: [ASSAULT, ACCUSE], dateFrom: "${v.from}", dateTo: "${v.to}" }` },
    { name: 'actors by name or alias search', field: 'actors', filter: `{ search: "min" }` },
    { name: `events by the busiest actor (${v.actorEvents} events)`, field: 'events', filter: `{ actor: "${v.actor}" }` },
    { name: `events by country (${v.country})`, field: 'events', filter: `{ countryCode: "${v.country}" }` },
    { name: `statements by full-text search ("${word}") and kind`, field: 'statements', filter: `{ search: "${word}", kinds: [DIRECT] }` },
    { name: `articles by full-text search ("${word}")`, field: 'articles', filter: `{ search: "${word}" }` },
  ];
}

async function post(port: number, query: string) {
  const r = gqlRequest(query);
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
  const body = (await res.json()) as { data?: Record<string, { totalCount: number; pageInfo: { endCursor: string | null } }>; errors?: unknown[] };
  const ms = performance.now() - t0;
  if (body.errors) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return { ms, data: Object.values(body.data!)[0] };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function benchDatabase(db: string) {
  const url = urlOf(db, size);
  const values = await chooseValues(db, url);
  const api = await startApi(url);
  const rows = [];
  try {
    for (const q of queries(values)) {
      const first = `{ c: ${q.field}(first: 20, filter: ${q.filter}) { ${PAGE} } }`;
      const { data } = await post(api.port, first);
      const second = `{ c: ${q.field}(first: 20, after: ${JSON.stringify(data.pageInfo.endCursor)}, filter: ${q.filter}) { ${PAGE} } }`;
      const pageOnly = `{ c: ${q.field}(first: 20, filter: ${q.filter}) { edges { node { id } } } }`;
      const timings: Record<string, number[]> = { first: [], second: [], pageOnly: [] };
      for (let i = 0; i < 3; i++) await post(api.port, first); // warm-up
      for (let i = 0; i < requests; i++) {
        timings.first.push((await post(api.port, first)).ms);
        if (data.pageInfo.endCursor) timings.second.push((await post(api.port, second)).ms);
        timings.pageOnly.push((await post(api.port, pageOnly)).ms);
      }
      const stats = (t: number[]) => {
        const s = [...t].sort((a, b) => a - b);
        return s.length ? { p50: Number(percentile(s, 50).toFixed(1)), p99: Number(percentile(s, 99).toFixed(1)) } : null;
      };
      rows.push({ database: db, query: q.name, totalCount: data.totalCount, firstPage: stats(timings.first), secondPage: stats(timings.second), withoutTotalCount: stats(timings.pageOnly) });
      console.error(`${db} ${q.name}: total ${data.totalCount}, p50 ${rows.at(-1)!.firstPage!.p50} ms (second page ${rows.at(-1)!.secondPage?.p50} ms, without totalCount ${rows.at(-1)!.withoutTotalCount?.p50} ms)`);
    }
  } finally {
    api.child.kill('SIGTERM');
  }
  return rows;
}

const results = [];
for (const db of databases) results.push(...(await benchDatabase(db)));
const meta = { size, requests, pinned: twoCores, node: process.version, at: new Date().toISOString() };
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/${size}-filtered.json`, JSON.stringify({ ...meta, results }, null, 2));
const lines = [
  `Size ${size}, ${requests} sequential requests per query (after 3 to warm up), first: 20 with totalCount; ${twoCores ? 'server on core 0, client on core 1' : 'not pinned'}; ${meta.at}`,
  '',
  '| database | query | totalCount | p50 ms | p99 ms | second page p50 ms | without totalCount p50 ms |',
  '|---|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.database} | ${r.query} | ${r.totalCount} | ${r.firstPage?.p50} | ${r.firstPage?.p99} | ${r.secondPage?.p50 ?? ''} | ${r.withoutTotalCount?.p50} |`),
];
writeFileSync(`bench/results/${size}-filtered.md`, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
