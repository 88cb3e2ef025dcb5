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

/** A template's rows by the ids of its parts: indexed by one part's id (-1: none), or keyed by a pair's `a * partIds.size + b`. */
interface CompiledTemplate {
  parts: readonly string[];
  rows: Int32Array | Map<number, number>;
}

/**
 * The context features of a set of weights, looked up by their parts' ids. A context feature's name
 * joins two or three strings; building and hashing ~30 such names per token was half of all
 * extraction time, so each distinct part is looked up once per token and each feature by numbers.
 */
export interface CompiledContext {
  /** Every string that is a part of some feature, and its id: a pair's key is `a * partIds.size + b`. */
  partIds: Map<string, number>;
  /** A part's id; -1 for a string that is in no feature. */
  partId: (part: string) => number;
  templates: CompiledTemplate[];
  /** Each word's own features' scores per tag, summed once per distinct word; bounded. */
  wordScores: Map<string, Float64Array>;
}

const compiled = new WeakMap<Weights, CompiledContext>();

/**
 * The weights' context features arranged by template. A name is split at every '|' that could
 * separate its parts, so a part that itself holds a '|' finds exactly the row its joined name would.
 */
export function compileContext(weights: Weights, templates: readonly { prefix: string; parts: readonly string[] }[]): CompiledContext {
  let done = compiled.get(weights);
  if (done) return done;
  const partIds = new Map<string, number>();
  const names = [...weights.index.keys()];
  // Every id first, so that the pairs' keys are final when they are computed.
  const splits = templates.map(({ prefix, parts }) => {
    const found: [string, string | null, number][] = [];
    for (const name of names) {
      // An empty prefix reads a slot of fixed labels ("inq", "cue-1"), never a name with its '='.
      if (!name.startsWith(prefix) || (prefix === '' && name.includes('='))) continue;
      const rest = name.slice(prefix.length);
      const row = weights.index.get(name)!;
      if (parts.length === 1) found.push([rest, null, row]);
      else for (let k = rest.indexOf('|'); k >= 0; k = rest.indexOf('|', k + 1)) found.push([rest.slice(0, k), rest.slice(k + 1), row]);
    }
    for (const [a, b] of found) for (const part of b === null ? [a] : [a, b]) if (!partIds.has(part)) partIds.set(part, partIds.size);
    return found;
  });
  const size = partIds.size;
  done = {
    partIds,
    partId: (part) => partIds.get(part) ?? -1,
    wordScores: new Map(),
    templates: templates.map(({ parts }, t) => {
      if (parts.length === 2) return { parts, rows: new Map(splits[t].map(([a, b, row]) => [partIds.get(a)! * size + partIds.get(b!)!, row])) };
      const rows = new Int32Array(size).fill(-1);
      for (const [a, , row] of splits[t]) rows[partIds.get(a)!] = row;
      return { parts, rows };
    }),
  };
  compiled.set(weights, done);
  return done;
}

/**
 * The emission score of each tag at each token (n × T): the weights of its word's own features
 * (summed once per distinct word) and of its context's, whose parts' ids (`partId`, -1 for none)
 * `slots` gives per token.
 */
export function tokenEmissions(
  weights: Weights,
  context: CompiledContext,
  texts: string[],
  wordFeatures: (text: string) => string[],
  slots: Record<string, number[]>,
): Float64Array {
  const n = texts.length;
  const size = context.partIds.size;
  const { features } = weights;
  const emit = new Float64Array(n * T);
  for (let i = 0; i < n; i++) {
    let own = context.wordScores.get(texts[i]);
    if (!own) {
      if (context.wordScores.size >= 50_000) context.wordScores.clear();
      context.wordScores.set(texts[i], (own = emissionsOf(features, [rowsOf(weights.index, wordFeatures(texts[i]))])));
    }
    for (let t = 0; t < T; t++) emit[i * T + t] = own[t];
  }
  // Template by template, so that each loop is monomorphic and one template's table stays in cache.
  for (const { parts, rows } of context.templates) {
    if (rows instanceof Int32Array) addSingle(emit, features, rows, slots[parts[0]], n);
    else addPair(emit, features, rows, size, slots[parts[0]], slots[parts[1]], n);
  }
  return emit;
}

function addSingle(emit: Float64Array, features: Float64Array, rows: Int32Array, a: number[], n: number) {
  for (let i = 0; i < n; i++) {
    if (a[i] < 0) continue;
    const row = rows[a[i]];
    if (row >= 0) for (let t = 0, at = i * T, base = row * T; t < T; t++) emit[at + t] += features[base + t];
  }
}

function addPair(emit: Float64Array, features: Float64Array, rows: Map<number, number>, size: number, a: number[], b: number[], n: number) {
  for (let i = 0; i < n; i++) {
    if (a[i] < 0 || b[i] < 0) continue;
    const row = rows.get(a[i] * size + b[i]);
    if (row !== undefined) for (let t = 0, at = i * T, base = row * T; t < T; t++) emit[at + t] += features[base + t];
  }
}

/** The emission scores (n × T) of tokens with the given feature rows. */
export function emissionsOf(features: Float64Array, rows: Int32Array[]): Float64Array {
  const emit = new Float64Array(rows.length * T);
  rows.forEach((r, i) => {
    for (let k = 0; k < r.length; k++) for (let t = 0, base = r[k] * T; t < T; t++) emit[i * T + t] += features[base + t];
  });
  return emit;
}

/** The highest-scoring tag sequence that respects `allowed`, for tokens with the given feature rows. */
export function viterbi(features: Float64Array, transitions: Float64Array, rows: Int32Array[]): Int8Array {
  return decode(emissionsOf(features, rows), transitions);
}

/** The highest-scoring tag sequence that respects `allowed`, given each token's emission scores (n × T). */
export function decode(emit: Float64Array, transitions: Float64Array): Int8Array {
  const n = emit.length / T;
  const out = new Int8Array(n);
  if (n === 0) return out;
  const score = new Float64Array(n * T);
  const back = new Int8Array(n * T);
  for (let i = 0; i < n; i++) {
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
      score[i * T + t] = best + emit[i * T + t];
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
