/**
 * npm run bench -- [--size small|medium|large] [--databases sqlite,postgresql] [--duration 10] [--connections 10] [--rounds 1]
 *
 * Starts the API and the one-statement SQL baseline on the loaded benchmark databases (npm run bench:load),
 * checks that both give byte-identical answers, then drives each with autocannon from this process:
 * the servers are pinned to core 0 and this process to core 1 where the machine has two.
 * Reports requests/s, p50, p99, the ratio to the baseline and SQL statements per request, as
 * JSON and Markdown in bench/results/. Failed requests (network, non-2xx, GraphQL errors, typed error
 * results) are counted in every scenario, and any fails the run (exit code 1).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { NESTED, NODE, SEARCH, globalId } from './scenarios.js';
import { arg, benchKey, gqlRequest, pinThisProcess, start, startApi, twoCores, urlOf as urlOfSized } from './servers.js';

const size = arg('size', 'small');
const databases = arg('databases', 'sqlite,postgresql').split(',');
const duration = Number(arg('duration', '10'));
const connections = Number(arg('connections', '10'));
const rounds = Number(arg('rounds', '1'));
const urlOf = (db: string) => urlOfSized(db, size);
pinThisProcess();

interface Target {
  name: string;
  request(scenario: string): { method: 'POST'; path: string; headers?: Record<string, string>; body?: string };
}

async function fetchBody(port: number, req: ReturnType<Target['request']>) {
  const res = await fetch(`http://127.0.0.1:${port}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
  return { body: await res.text(), statements: Number(res.headers.get('x-sql-statements') ?? NaN) };
}

/** A 200 answer can still be a failure: GraphQL `errors`, or a mutation's typed error result. */
interface Measured extends autocannon.Result {
  graphqlErrors: number;
  typedErrors: number;
}

function measure(port: number, req: ReturnType<Target['request']> | (() => ReturnType<Target['request']>)): Promise<Measured> {
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
  return new Promise((resolve, reject) =>
    autocannon(
      { url: `http://127.0.0.1:${port}${base.path}`, method: base.method, headers: base.headers, body: base.body, requests, connections, duration, pipelining: 1, setupClient },
      (error, result) => (error ? reject(error) : resolve({ ...result, graphqlErrors, typedErrors })),
    ),
  );
}


async function benchDatabase(db: string) {
  const url = urlOf(db);
  const key = await benchKey(url);
  const api = await startApi(url);
  const baseline = await start([process.execPath, '--import', 'tsx', 'bench/baseline-server.ts'], { DATABASE_URL: url, PORT: '0' });
  try {
    // A word every generated statement may hold, and an actor that exists.
    const searchWord = process.env.BENCH_SEARCH_WORD ?? 'ministry';
    const nodeId = globalId('Actor', 1);
    const scenarios = [
      { name: '1 nested: 50 events → participants → 5 latest statements → article', api: gqlRequest(NESTED), baseline: { method: 'POST' as const, path: '/nested' } },
      { name: `2 full-text search ("${searchWord}", statements, 20 ranked)`, api: gqlRequest(SEARCH(searchWord)), baseline: { method: 'POST' as const, path: `/search?q=${encodeURIComponent(searchWord)}` } },
      { name: '3 node by id', api: gqlRequest(NODE(nodeId)), baseline: { method: 'POST' as const, path: `/node?id=${encodeURIComponent(nodeId)}` } },
    ];
    const rows = [];
    for (const s of scenarios) {
      const a = await fetchBody(api.port, s.api);
      const b = await fetchBody(baseline.port, s.baseline);
      if (a.body !== b.body) throw new Error(`${db} scenario ${s.name}: the API and the baseline answer differently (${a.body.length} and ${b.body.length} bytes); not measuring`);
      // API and baseline take turns, so that a slow spell of the machine falls on both; the round
      // with the median ratio is reported, with every round's ratio.
      const played = [];
      for (let round = 0; round < rounds; round++) {
        const apiResult = await measure(api.port, s.api);
        const baseResult = await measure(baseline.port, s.baseline);
        played.push({ apiResult, baseResult, ratio: Number((apiResult.requests.average / baseResult.requests.average).toFixed(3)) });
      }
      const median = [...played].sort((x, y) => x.ratio - y.ratio)[Math.floor((played.length - 1) / 2)]!;
      rows.push({
        database: db,
        scenario: s.name,
        bytes: a.body.length,
        sqlStatements: a.statements,
        api: summary(median.apiResult),
        baseline: summary(median.baseResult),
        ratio: median.ratio,
        roundRatios: played.map((p) => p.ratio),
      });
      console.error(`${db} ${s.name}: ${rows.at(-1)!.api.rps} req/s vs ${rows.at(-1)!.baseline.rps} (${rows.at(-1)!.ratio}; rounds ${played.map((p) => p.ratio).join(', ')})`);
    }
    // 4: ingest of raw articles, each a new body.
    let n = 0;
    const stamp = Date.now();
    const ingestRequest = () =>
      gqlRequest(`mutation { ingestArticle(input: { text: ${JSON.stringify(`Kyiv: Ukraine's defence ministry said on Monday that Russian forces shelled Kharkiv overnight, killing ${++n % 50 + 1} people. "The attacks will not break us," the ministry said. (Bench ${stamp}-${n}.)`)} }) { __typename } }`, undefined, key);
    const first = await fetchBody(api.port, ingestRequest());
    if (!first.body.includes('MutationIngestArticleSuccess')) throw new Error(`${db}: the ingest scenario does not ingest: ${first.body}`);
    const ingest = await measure(api.port, ingestRequest);
    rows.push({ database: db, scenario: '4 ingest of raw articles', bytes: null, sqlStatements: null, api: summary(ingest), baseline: null, ratio: null, roundRatios: [] });
    console.error(`${db} 4 ingest: ${rows.at(-1)!.api.rps} req/s`);
    return rows;
  } finally {
    api.child.kill('SIGTERM');
    baseline.child.kill('SIGTERM');
  }
}

function summary(r: Measured) {
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx + r.graphqlErrors + r.typedErrors,
    failures: { network: r.errors, non2xx: r.non2xx, graphqlErrors: r.graphqlErrors, typedErrors: r.typedErrors },
    requests: r.requests.total,
  };
}

const results = [];
for (const db of databases) results.push(...(await benchDatabase(db)));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync('bench/results', { recursive: true });
const meta = { size, duration, rounds, connections, pinned: twoCores, node: process.version, at: new Date().toISOString() };
writeFileSync(`bench/results/${size}-${stamp}.json`, JSON.stringify({ ...meta, results }, null, 2));
const lines = [
  `Size ${size}, ${duration} s per run, ${rounds} round(s) of API then baseline (the median round shown), ${connections} connections, ${twoCores ? 'server on core 0, load generator on core 1' : 'not pinned'}; ${meta.at}`,
  '',
  '| database | scenario | API req/s | p50 ms | p99 ms | baseline req/s | p50 ms | p99 ms | ratio | ratio of each round | SQL statements | errors |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map((r) =>
    `| ${r.database} | ${r.scenario} | ${r.api.rps} | ${r.api.p50} | ${r.api.p99} | ${r.baseline?.rps ?? ''} | ${r.baseline?.p50 ?? ''} | ${r.baseline?.p99 ?? ''} | ${r.ratio ?? ''} | ${r.roundRatios.join(', ')} | ${r.sqlStatements ?? ''} | ${r.api.errors} |`,
  ),
];
writeFileSync(`bench/results/${size}-latest.md`, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
// A benchmark whose requests failed measured something else: the run fails.
const failed = results.filter((r) => r.api.errors > 0 || (r.baseline?.errors ?? 0) > 0);
if (failed.length) {
  console.error(`\nFAILED: ${failed.map((r) => `${r.database} ${r.scenario}: ${JSON.stringify(r.api.failures)}`).join('; ')}`);
  process.exit(1);
}
