/**
 * npm run bench:ingest-memory -- [--articles 100000]
 *
 * Writes a batch of distinct raw articles as NDJSON, ingests it with `newsgraph ingest` into a fresh
 * SQLite database, and samples the ingesting process's resident memory every second: it must stay
 * flat, not grow with the size of the batch.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixtures } from '../scripts/evaluate.js';

const i = process.argv.indexOf('--articles');
const count = i >= 0 ? Number(process.argv[i + 1]) : 100_000;
const dir = mkdtempSync(join(tmpdir(), 'newsgraph-ingest-memory-'));
const file = join(dir, 'batch.ndjson');
const texts = loadFixtures().map((f) => f.text);
const out = createWriteStream(file);
for (let n = 0; n < count; n++) {
  if (!out.write(`${JSON.stringify({ text: `${texts[n % texts.length]}\n\n(Batch copy ${n}.)`, url: `https://bench.example/${n}` })}\n`)) {
    await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
}
await new Promise<void>((resolve) => out.end(() => resolve()));

const child = spawn(process.execPath, ['bin/newsgraph.js', 'ingest', file], { env: { ...process.env, DATABASE_URL: `file:${join(dir, 'db.sqlite')}` }, stdio: ['ignore', 'pipe', 'pipe'] });
const samples: { seconds: number; rssMb: number; done: number }[] = [];
let done = 0;
child.stderr.on('data', (chunk) => {
  const m = /(\d+)\/\d+ articles/.exec(String(chunk));
  if (m) done = Number(m[1]);
});
let summary = '';
child.stdout.on('data', (chunk) => (summary += chunk));
const started = Date.now();
const timer = setInterval(() => {
  try {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    if (rss) samples.push({ seconds: Math.round((Date.now() - started) / 1000), rssMb: Math.round(Number(rss[1]) / 1024), done });
  } catch {
    // the process has ended
  }
}, 1000);
await new Promise((resolve) => child.on('close', resolve));
clearInterval(timer);
rmSync(dir, { recursive: true, force: true });

const at = (share: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * share))];
const [early, middle, late] = [at(0.1), at(0.5), at(0.95)];
console.log(summary.trim().split('\n')[0]);
console.log(JSON.stringify({ articles: count, seconds: Math.round((Date.now() - started) / 1000), rssMb: { at10: early, at50: middle, at95: late, max: Math.max(...samples.map((s) => s.rssMb)) } }, null, 2));
console.log(`resident memory: ${early?.rssMb} MB after ${early?.done} articles, ${middle?.rssMb} MB after ${middle?.done}, ${late?.rssMb} MB after ${late?.done}`);
