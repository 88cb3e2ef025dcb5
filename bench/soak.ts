/**
 * npm run soak -- [--database sqlite|postgresql] [--duration 120] [--clients 50] [--ingest-share 0.2]
 *
 * A bounded soak test on loopback: the real server (`newsgraph serve`, production settings, its
 * default limits) on a fresh database, driven by 50 concurrent clients from this process, each with
 * its own write key, sending a mix of reads (nested events, full-text search, node lookups, filtered
 * statements) and ingests of new raw articles. Server on core 0, clients on core 1 where possible.
 *
 * It fails (exit code 1) unless, at the end:
 *   - no response was a 5xx (nor a network error), none held GraphQL `errors`, and no ingest was
 *     answered with a typed error;
 *   - every article whose ingest answered CREATED is stored exactly once, and nothing else was added;
 *   - resident memory is flat: the last quarter's median within 25 % of the second quarter's.
 * Figures go to bench/results/soak-<database>.json and standard output (Markdown).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createEmptyDatabase } from '../test/databases.js';
import { createApiKey } from '../server/storage/api-keys.js';
import { openDatabase } from '../server/storage/db.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { arg, pinThisProcess, start, twoCores } from './servers.js';
import { NESTED } from './scenarios.js';

const database = arg('database', 'sqlite');
if (database !== 'sqlite' && database !== 'postgresql') throw new Error(`--database must be sqlite or postgresql, not "${database}"`);
const duration = Number(arg('duration', '120'));
const clients = Number(arg('clients', '50'));
const ingestShare = Number(arg('ingest-share', '0.2'));
pinThisProcess();

const CITIES = [['Kyiv', 'Ukraine', 'Kharkiv', 'Russian'], ['Baku', 'Azerbaijan', 'Lachin', 'Armenian'], ['Yerevan', 'Armenia', 'Goris', 'Azerbaijani'], ['Moscow', 'Russia', 'Belgorod', 'Ukrainian']];
const article = (client: number, n: number) => {
  const [city, country, target, enemy] = CITIES[(client + n) % CITIES.length];
  return `${city}: ${country}'s defence ministry said on Monday that ${enemy} forces shelled ${target} overnight, killing ${(n % 9) + 1} people. ` +
    `"We will not let this go unanswered," the ministry said. Soak client ${client}, article ${n}, run ${process.pid}.`;
};

const READS = [
  { name: 'nested events', query: NESTED },
  { name: 'search', query: '{ search(query: "ministry", first: 10) { totalCount edges { score node { ... on Statement { id quote } } } } }' },
  { name: 'statements by search', query: '{ statements(first: 20, filter: { search: "forces" }) { totalCount edges { node { id quote speaker { name } } } } }' },
  { name: 'articles', query: '{ articles(first: 20) { totalCount edges { node { id title publishedAt } } } }' },
  { name: 'node', query: '{ node(id: "QWN0b3I6MQ==") { id ... on Actor { name } } }' },
];
const INGEST = `mutation($text: String!) { ingestArticle(input: { text: $text }) { __typename ... on MutationIngestArticleSuccess { data { status article { id } } } ... on Error { message } } }`;

const { url, drop } = await createEmptyDatabase(database);
await migrateDatabase(url);
const setup = await openDatabase(url);
const keys = await Promise.all(Array.from({ length: clients }, (_, i) => createApiKey(setup.prisma, `soak client ${i}`, ['write']).then((k) => k.key)));
await setup.close();
const server = await start([process.execPath, 'bin/newsgraph.js', 'serve'], { DATABASE_URL: url, PORT: '0', NODE_ENV: 'production', LOG_REQUESTS: 'false', SEED_SAMPLE: 'true' });
const base = `http://127.0.0.1:${server.port}`;

const statuses = new Map<string, number>();
const latencies: number[] = [];
const created: number[] = [];
let alreadyExisted = 0;
let refusedIngests = 0;
let networkErrors = 0;
/** Answers with GraphQL `errors` (a refusal, a limit, a fault): a soak counts them as failures. */
let graphqlErrors = 0;
const memory: { t: number; rss: number }[] = [];
const started = performance.now();
const deadline = started + duration * 1000;

async function residentMemory(): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^newsgraph_process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? NaN);
}
const sampler = setInterval(() => {
  residentMemory().then((rss) => memory.push({ t: (performance.now() - started) / 1000, rss }), () => undefined);
}, 2_000);

async function client(id: number): Promise<void> {
  let n = 0;
  // A deterministic mix per client (no Math.random: reruns send the same sequence).
  let seed = id * 7919 + 1;
  const next = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  while (performance.now() < deadline) {
    const ingest = next() < ingestShare;
    const read = READS[Math.floor(next() * READS.length)];
    const body = ingest ? { query: INGEST, variables: { text: article(id, n++) } } : { query: read.query };
    const t0 = performance.now();
    try {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[id]}` },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
      latencies.push(performance.now() - t0);
      const code = answer.errors?.[0]?.extensions?.code;
      if (answer.errors?.length) graphqlErrors++;
      const key = `${response.status}${code ? ` ${code}` : ''}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (ingest && response.status === 200) {
        const result = answer.data?.ingestArticle;
        if (result?.data?.status === 'CREATED') created.push(Number(Buffer.from(result.data.article.id, 'base64').toString().split(':')[1]));
        else if (result?.data?.status) alreadyExisted++;
        else refusedIngests++;
      }
    } catch {
      networkErrors++;
    }
  }
}

await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
clearInterval(sampler);
memory.push({ t: (performance.now() - started) / 1000, rss: await residentMemory() });
server.child.kill('SIGTERM');

// Every CREATED article is there, once; nothing else was added.
const check = await openDatabase(url);
const stored = await check.prisma.article.findMany({ where: { id: { in: created } }, select: { id: true } });
const total = await check.prisma.article.count();
const seeded = 1;
await check.close();
await drop();

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const quarter = (q: number) => memory.filter((m) => m.t >= (duration * q) / 4 && m.t < (duration * (q + 1)) / 4).map((m) => m.rss);
const early = median(quarter(1));
const late = median(quarter(3));
const fiveXX = [...statuses].filter(([k]) => k.startsWith('5')).reduce((s, [, v]) => s + v, 0);
const results = {
  database, duration, clients, ingestShare, pinned: twoCores, node: process.version, at: new Date().toISOString(),
  requests: latencies.length, requestsPerSecond: Math.round(latencies.length / duration), p50ms: pct(50), p99ms: pct(99),
  statuses: Object.fromEntries(statuses), networkErrors, graphqlErrors,
  ingests: { created: created.length, alreadyExisted, refused: refusedIngests, stored: stored.length, articlesInDatabase: total, seeded },
  memoryMB: { secondQuarterMedian: Math.round(early / 2 ** 20), lastQuarterMedian: Math.round(late / 2 ** 20), growth: Number((late / early - 1).toFixed(3)), samples: memory.map((m) => [Math.round(m.t), Math.round(m.rss / 2 ** 20)]) },
};
const failures = [
  ...(fiveXX ? [`${fiveXX} responses were 5xx`] : []),
  ...(networkErrors ? [`${networkErrors} requests failed on the network`] : []),
  ...(graphqlErrors ? [`${graphqlErrors} answers held GraphQL errors`] : []),
  ...(refusedIngests ? [`${refusedIngests} ingests were answered with a typed error`] : []),
  ...(stored.length !== created.length || new Set(created).size !== created.length ? [`${created.length} articles answered CREATED, ${stored.length} are stored`] : []),
  ...(total !== seeded + created.length ? [`the database holds ${total} articles, expected ${seeded} + ${created.length}`] : []),
  ...(alreadyExisted ? [`${alreadyExisted} new articles were answered ALREADY_EXISTS`] : []),
  ...(!(late <= early * 1.25) ? [`resident memory grew from ${results.memoryMB.secondQuarterMedian} MB to ${results.memoryMB.lastQuarterMedian} MB`] : []),
];
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/soak-${database}.json`, JSON.stringify({ ...results, failures }, null, 2));
console.log(`Soak on ${database}: ${clients} clients for ${duration} s, ${Math.round(ingestShare * 100)} % ingests; ${results.at}

| requests | req/s | p50 ms | p99 ms | statuses | ingested (stored) | RSS MB, 2nd quarter → last |
|---|---|---|---|---|---|---|
| ${results.requests} | ${results.requestsPerSecond} | ${results.p50ms} | ${results.p99ms} | ${[...statuses].map(([k, v]) => `${k}: ${v}`).join(', ')} | ${created.length} (${stored.length}) | ${results.memoryMB.secondQuarterMedian} → ${results.memoryMB.lastQuarterMedian} |
${failures.length ? `\nFAILED: ${failures.join('; ')}` : '\nPassed: no 5xx, every ingested article stored once, memory flat.'}`);
process.exit(failures.length ? 1 : 0);
