/**
 * The attribution tagger: a linear sequence model over BIO tags for the source, cue and content of
 * each attribution, decoded by Viterbi. Its weights are learned by `npm run train:attribution`
 * (a CRF by default, or an averaged structured perceptron) and shipped as a data file. Pure.
 */
export const TAGS = ['O', 'B-SOURCE', 'I-SOURCE', 'B-CUE', 'I-CUE', 'B-CONTENT', 'I-CONTENT'] as const;
export type Tag = (typeof TAGS)[number];
export type Role = 'SOURCE' | 'CUE' | 'CONTENT';
export const T = TAGS.length;

/** An inside tag continues a span of its own role only. */
export function allowed(prev: number, cur: number): boolean {
  return ALLOWED[(prev < 0 ? T : prev) * T + cur] === 1;
}
/** (T + 1) × T: whether each tag may follow each tag (the last row: the sequence start). */
export const ALLOWED = Uint8Array.from({ length: (T + 1) * T }, (_, k) => {
  const prev = Math.floor(k / T);
  const cur = TAGS[k % T];
  if (!cur.startsWith('I-')) return 1;
  return prev < T && TAGS[prev].slice(2) === cur.slice(2) ? 1 : 0;
});

export interface Weights {
  /** Feature name → row index. */
  index: Map<string, number>;
  /** Row-major, T weights per feature. */
  features: Float64Array;
  /** (T + 1) × T: from each tag (the last row: the sequence start) to each tag. */
  transitions: Float64Array;
}

/** A token's feature rows; unknown features are dropped. */
export function rowsOf(index: Map<string, number>, names: string[]): Int32Array {
  const rows: number[] = [];
  for (const name of names) {
    const r = index.get(name);
    if (r !== undefined) rows.push(r);
  }
  return Int32Array.from(rows);
}

/** Decoding's cache of each word's own feature rows, per set of weights. */
const wordRows = new WeakMap<Weights, Map<string, Int32Array>>();

/**
 * The rows of each token, its word's features looked up once per distinct word (they are a third of
 * all, and the same for every occurrence); the cache is bounded and belongs to the weights.
 */
export function tokenRows(weights: Weights, texts: string[], wordFeatures: (text: string) => string[], context: string[][]): Int32Array[] {
  let cache = wordRows.get(weights);
  if (!cache) wordRows.set(weights, (cache = new Map()));
  return texts.map((text, i) => {
    let own = cache.get(text);
    if (!own) {
      if (cache.size >= 50_000) cache.clear();
      cache.set(text, (own = rowsOf(weights.index, wordFeatures(text))));
    }
    const around = rowsOf(weights.index, context[i]);
    const all = new Int32Array(own.length + around.length);
    all.set(own);
    all.set(around, own.length);
    return all;
  });
}

/** The highest-scoring tag sequence that respects `allowed`. */
export function viterbi(features: Float64Array, transitions: Float64Array, rows: Int32Array[]): Int8Array {
  const n = rows.length;
  const out = new Int8Array(n);
  if (n === 0) return out;
  const score = new Float64Array(n * T);
  const back = new Int8Array(n * T);
  const emit = new Float64Array(T);
  for (let i = 0; i < n; i++) {
    emit.fill(0);
    const r = rows[i];
    for (let k = 0; k < r.length; k++) {
      const base = r[k] * T;
      for (let t = 0; t < T; t++) emit[t] += features[base + t];
    }
    for (let t = 0; t < T; t++) {
      let best = -Infinity;
      let arg = 0;
      if (i === 0) {
        if (ALLOWED[T * T + t]) (best = transitions[T * T + t]), (arg = -1);
      } else {
        for (let p = 0; p < T; p++) {
          if (!ALLOWED[p * T + t]) continue;
          const s = score[(i - 1) * T + p] + transitions[p * T + t];
          if (s > best) (best = s), (arg = p);
        }
      }
      score[i * T + t] = best + emit[t];
      back[i * T + t] = arg;
    }
  }
  let best = -Infinity;
  let arg = 0;
  for (let t = 0; t < T; t++) if (score[(n - 1) * T + t] > best) (best = score[(n - 1) * T + t]), (arg = t);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = arg;
    arg = back[i * T + arg];
  }
  return out;
}

const HEADER = 'newsgraph-attribution-tagger 1';

/** The weights as text: deterministic (features in name order, fixed decimals), small zeros left out. */
export function serialize(weights: Weights, minWeight = 0): string {
  const fmt = (x: number) => (Math.abs(x) < 5e-4 ? '0' : x.toFixed(3).replace(/\.?0+$/, ''));
  const lines = [HEADER, `tags ${TAGS.join(' ')}`, `transitions ${Array.from(weights.transitions, fmt).join(' ')}`];
  const names = [...weights.index.keys()].sort();
  for (const name of names) {
    const base = weights.index.get(name)! * T;
    const row = Array.from(weights.features.subarray(base, base + T));
    if (row.every((x) => Math.abs(x) < minWeight || Math.abs(x) < 5e-4)) continue;
    lines.push(`${name}\t${row.map(fmt).join(' ')}`);
  }
  return lines.join('\n') + '\n';
}

export function deserialize(text: string): Weights {
  const lines = text.split('\n');
  if (lines[0] !== HEADER) throw new Error('not an attribution tagger file');
  if (lines[1] !== `tags ${TAGS.join(' ')}`) throw new Error('the tagger file was trained for other tags');
  const transitions = Float64Array.from(lines[2].slice('transitions '.length).split(' ').map(Number));
  const rows = lines.slice(3).filter((l) => l.length > 0);
  const index = new Map<string, number>();
  const features = new Float64Array(rows.length * T);
  rows.forEach((line, r) => {
    const tab = line.lastIndexOf('\t');
    index.set(line.slice(0, tab), r);
    line.slice(tab + 1).split(' ').forEach((x, t) => (features[r * T + t] = Number(x)));
  });
  return { index, features, transitions };
}

export interface Span {
  role: Role;
  /** Token indices, end exclusive. */
  from: number;
  to: number;
}

/** The spans a tag sequence marks. */
export function spansOf(tags: ArrayLike<number>): Span[] {
  const spans: Span[] = [];
  let cur: Span | null = null;
  for (let i = 0; i < tags.length; i++) {
    const tag = TAGS[tags[i]];
    if (tag === 'O' || tag.startsWith('B-')) {
      if (cur) spans.push(cur);
      cur = tag === 'O' ? null : { role: tag.slice(2) as Role, from: i, to: i + 1 };
    } else if (cur) cur.to = i + 1;
  }
  if (cur) spans.push(cur);
  return spans;
}
