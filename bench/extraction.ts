/**
 * npm run bench:extraction: extraction throughput (articles per second, on the 2–3 KB fixture
 * articles) and ingest throughput into a fresh database (SQLite, or a temporary PostgreSQL database
 * on POSTGRES_URL), measured in one run.
 *
 *   tsx bench/extraction.ts [--seconds 5] [--ingest 300] [--database sqlite|postgresql]
 */
import { extractArticle } from '../server/extraction/index.js';
import { openDatabase } from '../server/storage/db.js';
import { ingestText } from '../server/storage/extracted.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { loadFixtures } from '../scripts/evaluate.js';
import { createEmptyDatabase } from '../test/databases.js';
import { arg } from './servers.js';

const seconds = Number(arg('seconds', '5'));
const ingestCount = Number(arg('ingest', '300'));
const provider = arg('database', 'sqlite');
if (provider !== 'sqlite' && provider !== 'postgresql') throw new Error(`--database ${provider}: sqlite or postgresql`);

const texts = loadFixtures().map((f) => f.text);
const meanKb = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / texts.length / 1024;

// Warm up the regular expressions and the JIT, then measure.
for (const t of texts) extractArticle(t);
let extracted = 0;
const started = process.hrtime.bigint();
const deadline = Date.now() + seconds * 1000;
while (Date.now() < deadline) {
  for (const t of texts) extractArticle(t);
  extracted += texts.length;
}
const extractSeconds = Number(process.hrtime.bigint() - started) / 1e9;

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
  extraction: { articles: extracted, seconds: Number(extractSeconds.toFixed(2)), articlesPerSecond: Math.round(extracted / extractSeconds) },
  database: provider,
  ingest: { articles: stored, seconds: Number(ingestSeconds.toFixed(2)), articlesPerSecond: Number((stored / ingestSeconds).toFixed(1)), newEvents: events },
};
console.log(JSON.stringify(result, null, 2));
console.log(`\nextraction: ${result.extraction.articlesPerSecond} articles/s (${meanKb.toFixed(1)} KB each); ingest into ${provider}: ${result.ingest.articlesPerSecond} articles/s; ingest/extraction ratio ${(result.ingest.articlesPerSecond / result.extraction.articlesPerSecond).toFixed(3)}`);
