/**
 * npm run bench -- [--size small|medium|large] [--databases sqlite,postgresql] [--duration 10] [--connections 10] [--rounds 1]
 *                  [--contenders api,baseline,postgraphile,floor]
 *
 * Starts the contenders on the loaded benchmark databases (npm run bench:load): the API, the
 * one-statement SQL baseline, PostGraphile 5 (PostgreSQL only) and a bare graphql-yoga `{ hello }`
 * server, the framework's floor. It checks that they answer each scenario with the same rows (the
 * baseline byte for byte; PostGraphile by table ids and dates to the day), then drives each with
 * autocannon from this process, the contenders taking turns in rounds: the servers are pinned to
 * core 0 and this process to core 1 where the machine has two.
 * Reports each contender's requests/s, p50, p99, requests, failures, CPU per request (server and
 * PostgreSQL, from /proc) and RSS, and each ratio's median and spread over the rounds, as JSON and
 * Markdown in bench/results/. Failed requests (network, non-2xx, GraphQL errors, typed error
 * results) are counted for every contender, and any fails the run (exit code 1).
 */
import { isDeepStrictEqual } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { FLOOR, NESTED, NODE, PG_NESTED, PG_NODE, SEARCH, globalId, nestedRows, nodeRow, pgGlobalId } from './scenarios.js';
import { arg, benchKey, gqlRequest, pinThisProcess, start, startApi, twoCores, urlOf as urlOfSized } from './servers.js';
import { cpuTicks, postgresTicks, rssMB, ticksPerSecond } from './proc.js';
import { INSPECT_ON_SIGNAL, memoryAfterGc, type AfterGc } from './gc.js';

const size = arg('size', 'small');
const databases = arg('databases', 'sqlite,postgresql').split(',');
const duration = Number(arg('duration', '10'));
const connections = Number(arg('connections', '10'));
const rounds = Number(arg('rounds', '1'));
const wanted = new Set(arg('contenders', 'api,baseline,postgraphile,floor').split(','));
const urlOf = (db: string) => urlOfSized(db, size);
pinThisProcess();

type Request = { method: 'POST'; path: string; headers?: Record<string, string>; body?: string };
type ContenderName = 'api' | 'baseline' | 'postgraphile' | 'floor';
interface Server {
  child: import('node:child_process').ChildProcess;
  port: number;
}

async function fetchBody(port: number, req: Request) {
  const res = await fetch(`http://127.0.0.1:${port}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
  return { status: res.status, body: await res.text(), statements: Number(res.headers.get('x-sql-statements') ?? NaN) };
}

/** A 200 answer can still be a failure: GraphQL `errors`, or a mutation's typed error result. */
interface Measured extends autocannon.Result {
  graphqlErrors: number;
  typedErrors: number;
  serverCpuMs: number;
  postgresCpuMs: number | null;
  rssMB: number;
}

async function measure(server: Server, req: Request | (() => Request), database: string | null): Promise<Measured> {
  const requests = typeof req === 'function' ? [{ setupRequest: (r: any) => ({ ...r, ...req() }) }] : undefined;
  const base = typeof req === 'function' ? req() : req;
  let graphqlErrors = 0;
  let typedErrors = 0;
  // Quotation marks inside JSON strings are escaped, so these keys match only the answer's own structure.
  const setupClient = (client: any) =>
    client.on('body', (body: Buffer) => {
      if (body.includes('"errors":')) graphqlErrors++;
      else if (body.includes('Error"') && /"__typename":"\w+Error"/.test(body.toString())) typedErrors++;
    });
  const pid = server.child.pid!;
  const serverBefore = cpuTicks(pid);
  const pgBefore = database ? postgresTicks(database) : null;
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      { url: `http://127.0.0.1:${server.port}${base.path}`, method: base.method, headers: base.headers, body: base.body, requests, connections, duration, pipelining: 1, setupClient },
      (error, r) => (error ? reject(error) : resolve(r)),
    ),
  );
  const n = Math.max(1, result.requests.total);
  const msPerTick = 1000 / ticksPerSecond;
  let postgresCpuMs: number | null = null;
  if (pgBefore) {
    // Per backend, so that a connection closed meanwhile does not subtract its whole life.
    let ticks = 0;
    for (const [p, t] of postgresTicks(database!)) ticks += t - (pgBefore.get(p) ?? 0);
    postgresCpuMs = (ticks * msPerTick) / n;
  }
  return { ...result, graphqlErrors, typedErrors, serverCpuMs: ((cpuTicks(pid) - serverBefore) * msPerTick) / n, postgresCpuMs, rssMB: rssMB(pid) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round3 = (x: number) => Number(x.toFixed(3));

function summary(runs: Measured[]) {
  const failures = {
    network: runs.reduce((a, r) => a + r.errors, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    graphqlErrors: runs.reduce((a, r) => a + r.graphqlErrors, 0),
    typedErrors: runs.reduce((a, r) => a + r.typedErrors, 0),
  };
  return {
    rps: Math.round(median(runs.map((r) => r.requests.average))),
    roundRps: runs.map((r) => Math.round(r.requests.average)),
    p50: median(runs.map((r) => r.latency.p50)),
    p99: median(runs.map((r) => r.latency.p99)),
    requests: runs.reduce((a, r) => a + r.requests.total, 0),
    errors: failures.network + failures.non2xx + failures.graphqlErrors + failures.typedErrors,
    failures,
    serverCpuMs: round3(median(runs.map((r) => r.serverCpuMs))),
    postgresCpuMs: runs[0]!.postgresCpuMs == null ? null : round3(median(runs.map((r) => r.postgresCpuMs!))),
    rssMB: runs.at(-1)!.rssMB,
  };
}

interface Scenario {
  name: string;
  requests: Partial<Record<ContenderName, Request>>;
  /** Throws when a contender's answer holds other rows than the API's. */
  check(answers: Partial<Record<ContenderName, string>>): void;
}

function sameAs(db: string, scenario: string, contender: string, rows: (body: string) => unknown, answers: Partial<Record<ContenderName, string>>) {
  const theirs = answers[contender as ContenderName];
  if (theirs == null) return;
  const a = rows(answers.api!);
  const b = rows(theirs);
  if (!isDeepStrictEqual(a, b)) {
    throw new Error(`${db} scenario ${scenario}: the API and ${contender} answer with different rows; not measuring.\nAPI: ${JSON.stringify(a).slice(0, 600)}\n${contender}: ${JSON.stringify(b).slice(0, 600)}`);
  }
}

async function benchDatabase(db: string) {
  const url = urlOf(db);
  const key = await benchKey(url);
  const servers: Partial<Record<ContenderName, Server>> = {};
  try {
    servers.api = await startApi(url, INSPECT_ON_SIGNAL);
    if (wanted.has('baseline')) servers.baseline = await start([process.execPath, '--import', 'tsx', 'bench/baseline-server.ts'], { DATABASE_URL: url, PORT: '0', ...INSPECT_ON_SIGNAL });
    // PostGraphile is a PostgreSQL server: on SQLite there is nothing for it to serve.
    if (wanted.has('postgraphile') && db === 'postgresql') servers.postgraphile = await start([process.execPath, '--import', 'tsx', 'bench/postgraphile-server.ts'], { DATABASE_URL: url, PORT: '0', GRAPHILE_ENV: 'production', ...INSPECT_ON_SIGNAL });
    if (wanted.has('floor')) servers.floor = await start([process.execPath, '--import', 'tsx', 'bench/floor-server.ts'], { PORT: '0', ...INSPECT_ON_SIGNAL });
    const database = db === 'postgresql' ? new URL(url).pathname.slice(1) : null;

    // A word every generated statement may hold, and an actor that exists.
    const searchWord = process.env.BENCH_SEARCH_WORD ?? 'ministry';
    const nodeId = globalId('Actor', 1);
    const scenarios: Scenario[] = [
      {
        name: '1 nested: 50 events → participants → 5 latest statements → article',
        requests: { api: gqlRequest(NESTED), baseline: { method: 'POST', path: '/nested' }, postgraphile: gqlRequest(PG_NESTED) },
        check(answers) {
          if (answers.baseline != null && answers.baseline !== answers.api) throw new Error(`${db} scenario ${this.name}: the API and the baseline answer differently; not measuring`);
          sameAs(db, this.name, 'postgraphile', nestedRows, answers);
        },
      },
      {
        name: `2 full-text search ("${searchWord}", statements, 20 ranked)`,
        requests: { api: gqlRequest(SEARCH(searchWord)), baseline: { method: 'POST', path: `/search?q=${encodeURIComponent(searchWord)}` } },
        check(answers) {
          if (answers.baseline != null && answers.baseline !== answers.api) throw new Error(`${db} scenario ${this.name}: the API and the baseline answer differently; not measuring`);
        },
      },
      {
        name: '3 node by id',
        requests: { api: gqlRequest(NODE(nodeId)), baseline: { method: 'POST', path: `/node?id=${encodeURIComponent(nodeId)}` }, postgraphile: gqlRequest(PG_NODE(pgGlobalId('Actor', 1))), floor: gqlRequest(FLOOR) },
        check(answers) {
          if (answers.baseline != null && answers.baseline !== answers.api) throw new Error(`${db} scenario ${this.name}: the API and the baseline answer differently; not measuring`);
          sameAs(db, this.name, 'postgraphile', nodeRow, answers);
          if (answers.floor != null && answers.floor !== '{"data":{"hello":"world"}}') throw new Error(`the floor server answers ${answers.floor}`);
        },
      },
    ];

    const rows = [];
    for (const s of scenarios) {
      const contenders = (Object.keys(s.requests) as ContenderName[]).filter((c) => servers[c]);
      const answers: Partial<Record<ContenderName, string>> = {};
      let statements = NaN;
      for (const c of contenders) {
        const got = await fetchBody(servers[c]!.port, s.requests[c]!);
        if (got.status !== 200) throw new Error(`${db} scenario ${s.name}: ${c} answers ${got.status}: ${got.body.slice(0, 300)}`);
        answers[c] = got.body;
        if (c === 'api') statements = got.statements;
      }
      s.check(answers);
      // Contenders take turns, so that a slow spell of the machine falls on all of them; each
      // ratio is reported with its median and its spread over the rounds.
      const runs: Partial<Record<ContenderName, Measured[]>> = {};
      for (let round = 0; round < rounds; round++) {
        for (const c of contenders) (runs[c] ??= []).push(await measure(servers[c]!, s.requests[c]!, database));
      }
      const ratios: Record<string, { median: number; min: number; max: number; rounds: number[] }> = {};
      for (const c of contenders.filter((c) => c !== 'api')) {
        const each = runs.api!.map((r, i) => round3(r.requests.average / runs[c]![i]!.requests.average));
        ratios[`api/${c}`] = { median: round3(median(each)), min: Math.min(...each), max: Math.max(...each), rounds: each };
      }
      const contenderSummaries = Object.fromEntries(contenders.map((c) => [c, summary(runs[c]!)]));
      rows.push({ database: db, scenario: s.name, bytes: answers.api!.length, sqlStatements: statements, contenders: contenderSummaries, ratios });
      console.error(`${db} ${s.name}: ${contenders.map((c) => `${c} ${contenderSummaries[c]!.rps}`).join(', ')} req/s; ${Object.entries(ratios).map(([k, r]) => `${k} ${r.median} (${r.rounds.join(', ')})`).join('; ')}`);
    }
    // 4: ingest of raw articles, each a new body; the API alone.
    let n = 0;
    const stamp = Date.now();
    const ingestRequest = () =>
      gqlRequest(`mutation { ingestArticle(input: { text: ${JSON.stringify(`Kyiv: Ukraine's defence ministry said on Monday that Russian forces shelled Kharkiv overnight, killing ${++n % 50 + 1} people. "The attacks will not break us," the ministry said. (Bench ${stamp}-${n}.)`)} }) { __typename } }`, undefined, key);
    const first = await fetchBody(servers.api.port, ingestRequest());
    if (!first.body.includes('MutationIngestArticleSuccess')) throw new Error(`${db}: the ingest scenario does not ingest: ${first.body}`);
    const ingest = summary([await measure(servers.api, ingestRequest, database)]);
    rows.push({ database: db, scenario: '4 ingest of raw articles', bytes: null, sqlStatements: null, contenders: { api: ingest }, ratios: {} });
    console.error(`${db} 4 ingest: ${ingest.rps} req/s`);
    const rssAtEnd: Record<string, number> = Object.fromEntries(Object.entries(servers).map(([c, s]) => [c, rssMB(s.child.pid!)]));
    // One server at a time, after every run of every contender: the GC and the inspector cost nothing measured.
    const afterGc: Record<string, AfterGc | null> = {};
    for (const [c, s] of Object.entries(servers)) afterGc[c] = await memoryAfterGc(s.child);
    return { rows, rssAtEnd, afterGc };
  } finally {
    for (const s of Object.values(servers)) s.child.kill('SIGTERM');
  }
}

const results = [];
const rssAtEnd: Record<string, Record<string, number>> = {};
const afterGc: Record<string, Record<string, AfterGc | null>> = {};
for (const db of databases) {
  const r = await benchDatabase(db);
  results.push(...r.rows);
  rssAtEnd[db] = r.rssAtEnd;
  afterGc[db] = r.afterGc;
}
// One clock reading, so that the file's name and its `at` agree.
const finishedAt = new Date().toISOString();
const stamp = finishedAt.replace(/[:.]/g, '-');
mkdirSync('bench/results', { recursive: true });
const meta = { size, duration, rounds, connections, pinned: twoCores, node: process.version, at: finishedAt };
writeFileSync(`bench/results/${size}-${stamp}.json`, JSON.stringify({ ...meta, results, rssAtEnd, afterGc }, null, 2));
const ms = (x: number | null) => (x == null ? '' : x.toFixed(2));
const lines = [
  `Size ${size}, ${duration} s per run, ${rounds} round(s) of the contenders taking turns (medians over the rounds), ${connections} connections, ${twoCores ? 'servers on core 0, load generator on core 1' : 'not pinned'}, Node ${process.version}; ${meta.at}`,
  '',
  '| database | scenario | contender | req/s | req/s of each round | p50 ms | p99 ms | requests | failed | server CPU ms/req | PostgreSQL CPU ms/req | RSS MB after | SQL statements |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.flatMap((r) =>
    Object.entries(r.contenders).map(
      ([c, s]) =>
        `| ${r.database} | ${r.scenario} | ${c} | ${s.rps} | ${s.roundRps.join(', ')} | ${s.p50} | ${s.p99} | ${s.requests} | ${s.errors ? `${s.errors} ${JSON.stringify(s.failures)}` : 0} | ${ms(s.serverCpuMs)} | ${ms(s.postgresCpuMs)} | ${s.rssMB} | ${c === 'api' ? r.sqlStatements ?? '' : ''} |`,
    ),
  ),
  '',
  '| database | scenario | ratio | median | spread (min–max) | each round |',
  '|---|---|---|---|---|---|',
  ...results.flatMap((r) => Object.entries(r.ratios).map(([k, x]) => `| ${r.database} | ${r.scenario} | ${k} | **${x.median}** | ${x.min}–${x.max} | ${x.rounds.join(', ')} |`)),
  '',
  `RSS after all runs (MB): ${Object.entries(rssAtEnd).map(([db, m]) => `${db}: ${Object.entries(m).map(([c, v]) => `${c} ${v}`).join(', ')}`).join('; ')}`,
  '',
  `After a forced GC, RSS / V8 heap used (MB): ${Object.entries(afterGc).map(([db, m]) => `${db}: ${Object.entries(m).map(([c, v]) => `${c} ${v ? `${v.rssMB} / ${v.heapUsedMB}` : 'not measured'}`).join(', ')}`).join('; ')}`,
];
writeFileSync(`bench/results/${size}-latest.md`, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
// A benchmark whose requests failed measured something else: the run fails.
const failed = results.flatMap((r) => Object.entries(r.contenders).filter(([, s]) => s.errors > 0).map(([c, s]) => `${r.database} ${r.scenario} ${c}: ${JSON.stringify(s.failures)}`));
if (failed.length) {
  console.error(`\nFAILED: ${failed.join('; ')}`);
  process.exit(1);
}
