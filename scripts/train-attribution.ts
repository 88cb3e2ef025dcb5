/**
 * npm run train:attribution: learns the attribution tagger's weights from PolNeAR's train split and
 * writes them to server/extraction/data/attribution-tagger.txt. Deterministic: the same data gives
 * byte-identical weights (features in name order, sums in a fixed order, a seeded shuffle for the
 * perceptron, fixed decimals). `--help` lists the options.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sequenceFeatures } from '../server/extraction/attribution/features.js';
import { TAGGER_FILE } from '../server/extraction/attribution/model.js';
import { lossAndGradient, owlqn } from './crf.js';
import { allowed, rowsOf, serialize, T, TAGS, viterbi, type Weights } from '../server/extraction/attribution/tagger.js';

/** Weights this small change no decision measurably; leaving them out keeps the file small. */
export const MIN_WEIGHT = 0.05;
import { tokenize, type Sequence } from '../server/extraction/attribution/tokens.js';
import { paragraphs } from '../server/extraction/text.js';
import { readSplit, type GoldAttribution, type PolnearArticle } from './polnear.js';

export interface TrainingOptions {
  algorithm: 'crf' | 'perceptron';
  /** CRF: OWL-QN iterations, L1 and L2 strengths. */
  iterations: number;
  c1: number;
  c2: number;
  /** Perceptron: passes over the data. */
  epochs: number;
  /** Features seen fewer times than this in training are left out. */
  minCount: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { algorithm: 'crf', iterations: 100, c1: 1.5, c2: 0.005, epochs: 10, minCount: 2 };

/** Gold BIO tags of a sequence: each piece of a (possibly discontinuous) span starts a span of its own. */
export function goldTags(seq: Sequence, attributions: GoldAttribution[]): Int8Array {
  const tags = new Int8Array(seq.tokens.length);
  const mark = (ranges: [number, number][] | null, role: string) => {
    for (const [a, b] of ranges ?? []) {
      let first = true;
      seq.tokens.forEach((t, i) => {
        if (t.start >= a && t.start < b && tags[i] === 0) {
          tags[i] = TAGS.indexOf((first ? `B-${role}` : `I-${role}`) as (typeof TAGS)[number]);
          first = false;
        }
      });
    }
  };
  for (const a of attributions) {
    mark(a.source, 'SOURCE');
    mark(a.cue, 'CUE');
    mark(a.content, 'CONTENT');
  }
  // A span broken by a token that another span took restarts with B (each B- tag sits just before its I- in TAGS).
  for (let i = 0; i < tags.length; i++) if (!allowed(i === 0 ? -1 : tags[i - 1], tags[i])) tags[i] -= 1;
  return tags;
}

interface Example {
  features: string[][];
  gold: Int8Array;
  seq: Sequence;
  article: PolnearArticle;
}

function examples(articles: PolnearArticle[]): Example[] {
  return articles.flatMap((article) =>
    paragraphs(article.text).map((p) => {
      const seq = tokenize(article.text, p);
      return { features: sequenceFeatures(seq), gold: goldTags(seq, article.attributions), seq, article };
    }),
  );
}

/** mulberry32: a seeded generator, so that the shuffle and so the weights are reproducible. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function contentScore(weights: Weights, dev: Example[]) {
  let gold = 0, found = 0, pred = 0, predOk = 0;
  const byArticle = new Map<PolnearArticle, [number, number][]>();
  for (const ex of dev) {
    const rows = ex.features.map((f) => rowsOf(weights.index, f));
    const tags = viterbi(weights.features, weights.transitions, rows);
    const spans = byArticle.get(ex.article) ?? [];
    let cur: [number, number] | null = null;
    tags.forEach((t, i) => {
      const tag = TAGS[t];
      if (tag === 'B-CONTENT') {
        if (cur) spans.push(cur);
        cur = [ex.seq.tokens[i].start, ex.seq.tokens[i].end];
      } else if (tag === 'I-CONTENT' && cur) cur[1] = ex.seq.tokens[i].end;
      else if (cur) (spans.push(cur), (cur = null));
    });
    if (cur) spans.push(cur);
    byArticle.set(ex.article, spans);
  }
  for (const [article, spans] of byArticle) {
    pred += spans.length;
    predOk += spans.filter(([s, e]) => article.attributions.some((g) => g.content.some(([a, b]) => a < e && s < b))).length;
    for (const g of article.attributions) {
      gold++;
      const total = g.content.reduce((n, [a, b]) => n + b - a, 0);
      if (spans.some(([s, e]) => g.content.reduce((n, [a, b]) => n + Math.max(0, Math.min(b, e) - Math.max(a, s)), 0) >= 0.5 * total)) found++;
    }
  }
  const p = predOk / pred, r = found / gold;
  return { recall: r.toFixed(3), precision: p.toFixed(3), f1: ((2 * p * r) / (p + r)).toFixed(3) };
}


type Log = (line: string) => void;

function perceptron(train: Example[], rows: Int32Array[][], index: Map<string, number>, options: TrainingOptions, dev: Example[], log: Log): Weights {
  const epochs = options.epochs;
  const F = index.size;
  const w = new Float64Array(F * T);
  const wa = new Float64Array(F * T);
  const tr = new Float64Array((T + 1) * T);
  const tra = new Float64Array((T + 1) * T);
  let c = 1;
  const rand = random(20180507);
  const order = train.map((_, i) => i);
  const averaged = (): Weights => ({
    index,
    features: Float64Array.from(w, (x, i) => x - wa[i] / c),
    transitions: Float64Array.from(tr, (x, i) => x - tra[i] / c),
  });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let mistakes = 0;
    for (const k of order) {
      const gold = train[k].gold;
      const r = rows[k];
      const pred = viterbi(w, tr, r);
      for (let i = 0; i < gold.length; i++) {
        const g = gold[i], p = pred[i];
        const gp = i === 0 ? T : gold[i - 1], pp = i === 0 ? T : pred[i - 1];
        if (g !== p) {
          mistakes++;
          for (const f of r[i]) {
            w[f * T + g] += 1, wa[f * T + g] += c;
            w[f * T + p] -= 1, wa[f * T + p] -= c;
          }
        }
        if (g !== p || gp !== pp) {
          tr[gp * T + g] += 1, tra[gp * T + g] += c;
          tr[pp * T + p] -= 1, tra[pp * T + p] -= c;
        }
      }
      c++;
    }
    const line = `epoch ${epoch}: ${mistakes} token mistakes`;
    log(dev.length ? `${line}; dev content ${JSON.stringify(contentScore(averaged(), dev))}` : line);
  }
  return averaged();
}

function crf(train: Example[], rows: Int32Array[][], index: Map<string, number>, options: TrainingOptions, dev: Example[], log: Log): Weights {
  const F = index.size;
  const examples = train.map((ex, k) => ({ rows: rows[k], gold: ex.gold }));
  const started = Date.now();
  const x = owlqn(F * T + (T + 1) * T, (w, grad) => lossAndGradient(w, examples, F, options.c2, grad), {
    c1: options.c1,
    iterations: options.iterations,
    onIteration: (it, loss, nonZero, w) => {
      const line = `iteration ${it}: loss ${loss.toFixed(1)}, ${nonZero} non-zero weights (${((Date.now() - started) / 1000).toFixed(0)} s)`;
      if (dev.length && it % 20 === 0) log(`${line}; dev content ${JSON.stringify(contentScore(split(w, index), dev))}`);
      else if (it % 10 === 0) log(line);
    },
  });
  return split(x, index);
}

const split = (x: Float64Array, index: Map<string, number>): Weights => ({ index, features: x.subarray(0, index.size * T), transitions: x.subarray(index.size * T) });

/** Learns the tagger's weights from annotated articles; `dev`, when given, is scored as training goes. */
export function trainTagger(articles: PolnearArticle[], options: TrainingOptions = DEFAULT_TRAINING, devArticles: PolnearArticle[] = [], log: Log = () => {}): Weights {
  const train = examples(articles);
  const dev = examples(devArticles);
  log(`${train.length} training paragraphs, ${train.reduce((n, e) => n + e.gold.length, 0)} tokens`);
  // Features seen fewer than minCount times carry noise and memory, not signal.
  const counts = new Map<string, number>();
  for (const ex of train) for (const f of ex.features) for (const name of f) counts.set(name, (counts.get(name) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [name, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (c >= options.minCount) index.set(name, index.size);
  counts.clear();
  const rows = train.map((ex) => ex.features.map((f) => rowsOf(index, f)));
  log(`${index.size} features`);
  return options.algorithm === 'perceptron' ? perceptron(train, rows, index, options, dev, log) : crf(train, rows, index, options, dev, log);
}

function main() {
  const { values: opts } = parseArgs({
    options: {
      algorithm: { type: 'string', default: DEFAULT_TRAINING.algorithm },
      iterations: { type: 'string', default: String(DEFAULT_TRAINING.iterations) },
      c1: { type: 'string', default: String(DEFAULT_TRAINING.c1) },
      c2: { type: 'string', default: String(DEFAULT_TRAINING.c2) },
      epochs: { type: 'string', default: String(DEFAULT_TRAINING.epochs) },
      'min-count': { type: 'string', default: String(DEFAULT_TRAINING.minCount) },
      'min-weight': { type: 'string', default: String(MIN_WEIGHT) },
      dev: { type: 'boolean', default: false },
      out: { type: 'string', default: TAGGER_FILE },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (opts.help) {
    console.log(`usage: npm run train:attribution -- [--algorithm crf|perceptron] [--iterations N] [--c1 X] [--c2 X]
                                  [--epochs N] [--min-count N] [--min-weight X] [--dev] [--out FILE]
  reads ../shared/data/polnear/train (one annotator's file per article) and writes the tagger's weights
  crf (default):  a linear-chain CRF, L1 c1 and L2 c2, by OWL-QN for --iterations
  perceptron:     an averaged structured perceptron for --epochs
  --min-weight    weights smaller than this are left out of the file
  --dev           print the content F1 on PolNeAR's dev split as training goes`);
    return;
  }
  if (opts.algorithm !== 'crf' && opts.algorithm !== 'perceptron') throw new Error('--algorithm takes crf or perceptron');
  const started = Date.now();
  const options: TrainingOptions = {
    algorithm: opts.algorithm,
    iterations: Number(opts.iterations),
    c1: Number(opts.c1),
    c2: Number(opts.c2),
    epochs: Number(opts.epochs),
    minCount: Number(opts['min-count']),
  };
  const log = (line: string) => console.error(`${line} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  const weights = trainTagger(readSplit('train'), options, opts.dev ? readSplit('dev') : [], log);
  const text = serialize(weights, Number(opts['min-weight']));
  writeFileSync(opts.out!, text);
  log(`wrote ${opts.out} (${(text.length / 1e6).toFixed(1)} MB)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
