/**
 * npm run bench:extraction: extraction throughput on one core (articles per second over the fixture
 * articles, tuned and unseen), with the learned attribution model and with the rules alone, taking
 * turns in the same run; then the time per 100,000 characters of adversarial text at 100k, 400k and
 * 1M characters (extraction must stay linear); then ingest throughput into a fresh database (SQLite,
 * or a temporary PostgreSQL database on POSTGRES_URL).
 *
 *   tsx bench/extraction.ts [--seconds 5] [--rounds 3] [--adversarial caps,quotes,said,mixed|none]
 *                           [--ingest 300] [--database sqlite|postgresql]
 *
 * --seconds is each round's time, split between the two modes.
 */
import { extractArticle, type AttributionMode } from '../server/extraction/index.js';
import { openDatabase } from '../server/storage/db.js';
import { ingestText } from '../server/storage/extracted.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { loadFixtures } from '../scripts/evaluate.js';
import { createEmptyDatabase } from '../test/databases.js';
import { arg } from './servers.js';

const seconds = Number(arg('seconds', '5'));
const rounds = Number(arg('rounds', '3'));
const ingestCount = Number(arg('ingest', '300'));
const provider = arg('database', 'sqlite');
if (provider !== 'sqlite' && provider !== 'postgresql') throw new Error(`--database ${provider}: sqlite or postgresql`);

const texts = [...loadFixtures('tuned'), ...loadFixtures('unseen')].map((f) => f.text);
const meanKb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / texts.length / 1024;

/** Articles per second of one mode for `seconds`, after a warm-up pass (regular expressions, JIT, the model's weights). */
function rate(attribution: AttributionMode, seconds: number): number {
  for (const t of texts) extractArticle(t, { attribution });
  let extracted = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    for (const t of texts) extractArticle(t, { attribution });
    extracted += texts.length;
  }
  return extracted / (Number(process.hrtime.bigint() - started) / 1e9);
}
// The two modes take turns, so that a slow spell of the machine falls on both; the median round counts.
const modelRates: number[] = [];
const rulesRates: number[] = [];
for (let r = 0; r < rounds; r++) {
  modelRates.push(rate('model', seconds / 2));
  rulesRates.push(rate('rules', seconds / 2));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const extractSeconds = seconds * rounds;

/**
 * Texts that were once slow: runs of capitalised words, quotation marks and speech verbs without a
 * full stop, a transcript-like mix. Each is one paragraph with no sentence end.
 */
const ADVERSARIAL: Record<string, (i: number) => string> = {
  caps: (i) => `Word${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`,
  quotes: (i) => (i % 7 === 0 ? '"said' : i % 7 === 3 ? 'he"' : 'Minister'),
  said: (i) => ['said', 'President', 'Smith,'][i % 3],
  mixed: (i) => ['The', 'UN', 'said', '“We', 'will', 'not', 'stop,”', 'Gen.', 'John', 'Smith', 'told', 'Reuters', 'in', 'Kyiv', 'on', 'Monday'][i % 16],
};
const adversarialKinds = arg('adversarial', Object.keys(ADVERSARIAL).join(',')).split(',').filter((k) => k !== 'none');
const SIZES = [100_000, 400_000, 1_000_000];
const adversarial: Record<string, { msPer100k: number[]; lastToFirst: number }> = {};
for (const kind of adversarialKinds) {
  const word = ADVERSARIAL[kind];
  if (!word) throw new Error(`--adversarial ${kind}: one of ${Object.keys(ADVERSARIAL).join(', ')}`);
  const msPer100k = SIZES.map((size) => {
    let text = '';
    for (let i = 0; text.length < size; i++) text += `${word(i)} `;
    const started = process.hrtime.bigint();
    extractArticle(text.slice(0, size));
    return Number((Number(process.hrtime.bigint() - started) / 1e6 / (size / 100_000)).toFixed(0));
  });
  adversarial[kind] = { msPer100k, lastToFirst: Number((msPer100k.at(-1)! / msPer100k[0]).toFixed(2)) };
}

const { url, drop } = await createEmptyDatabase(provider);
await migrateDatabase(url);
const db = await openDatabase(url);
// Distinct bodies (a numbered closing line), so that every ingest writes a new article.
const articles = Array.from({ length: ingestCount }, (_, i) => `${texts[i % texts.length]}\n\n(Copy ${i}.)`);
const ingestStarted = process.hrtime.bigint();
let events = 0;
for (const text of articles) events += (await ingestText(db.prisma, { text })).events;
const ingestSeconds = Number(process.hrtime.bigint() - ingestStarted) / 1e9;
const stored = await db.prisma.article.count();
await db.close();
await drop();

const result = {
  articles: texts.length,
  meanArticleKb: Number(meanKb.toFixed(2)),
  extraction: {
    seconds: extractSeconds,
    rounds,
    model: { articlesPerSecond: Number(median(modelRates).toFixed(1)), rounds: modelRates.map((x) => Number(x.toFixed(1))) },
    rules: { articlesPerSecond: Number(median(rulesRates).toFixed(1)), rounds: rulesRates.map((x) => Number(x.toFixed(1))) },
    modelToRules: Number((median(modelRates) / median(rulesRates)).toFixed(2)),
  },
  adversarial: { sizes: SIZES, note: 'milliseconds per 100,000 characters at each size; lastToFirst must stay at most 12', ...adversarial },
  database: provider,
  ingest: { articles: stored, seconds: Number(ingestSeconds.toFixed(2)), articlesPerSecond: Number((stored / ingestSeconds).toFixed(1)), newEvents: events },
};
console.log(JSON.stringify(result, null, 2));
for (const [kind, r] of Object.entries(adversarial)) console.log(`adversarial ${kind}: ${r.msPer100k.join(' / ')} ms per 100k characters at 100k / 400k / 1M (last/first ${r.lastToFirst})`);
console.log(`\nextraction on one core (${meanKb.toFixed(1)} KB articles): model ${result.extraction.model.articlesPerSecond} articles/s, rules alone ${result.extraction.rules.articlesPerSecond} (model/rules ${result.extraction.modelToRules}); ingest into ${provider}: ${result.ingest.articlesPerSecond} articles/s`);
