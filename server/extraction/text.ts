/** Paragraphs and sentences of a text, as offsets. Pure. */

export interface TextSpan {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'lt', 'col', 'maj', 'capt', 'sgt', 'cmdr', 'adm', 'gov', 'sen', 'rep', 'st', 'jr', 'sr',
  'no', 'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'u.s', 'u.n', 'u.k', 'e.u', 'a.m', 'p.m', 'approx', 'est', 'dept', 'mt', 'ft',
  // ranks and titles before a name ("Brig. Gen. Tun Myat", "Rev. Martin")
  'brig', 'cpl', 'pvt', 'lieut', 'supt', 'insp', 'rev', 'hon', 'messrs', 'mme', 'atty', 'amb', 'pres',
]);

export function paragraphs(text: string, from = 0, to = text.length): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text[i] === '\n') {
      let s = start;
      let e = i;
      while (s < e && /\s/.test(text[s])) s++;
      while (e > s && /\s/.test(text[e - 1])) e--;
      if (e > s) spans.push({ start: s, end: e });
      start = i + 1;
    }
  }
  return spans;
}

/**
 * The longest span taken as one sentence. Text without sentence ends (a list, a table, an attack)
 * is cut at a space before this, so that no per-sentence step sees more: news sentences are far
 * shorter.
 */
export const MAX_SENTENCE_CHARS = 2000;

/** Sentences of one paragraph. A boundary is . ! ? (and closing quotes) before a capital or a quote. */
export function sentences(text: string, paragraph: TextSpan): TextSpan[] {
  const spans: TextSpan[] = [];
  const push = (start: number, end: number) => {
    while (end - start > MAX_SENTENCE_CHARS) {
      const space = text.lastIndexOf(' ', start + MAX_SENTENCE_CHARS);
      const cut = space > start ? space : start + MAX_SENTENCE_CHARS;
      spans.push({ start, end: cut });
      start = cut;
      while (start < end && /\s/.test(text[start])) start++;
    }
    if (end > start) spans.push({ start, end });
  };
  const boundary = /[.!?…]+["”’»)]*(?=\s+["“‘«(]?[\p{Lu}\p{N}])/gu;
  const body = text.slice(paragraph.start, paragraph.end);
  let start = 0;
  for (const m of body.matchAll(boundary)) {
    const end = m.index + m[0].length;
    // Only the word before the mark matters: a bounded look, however long the sentence so far.
    const before = body.slice(Math.max(start, m.index - 40), m.index);
    const lastWord = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
    // "Mr. Smith", "U.S. forces", "Gen. Petrov", an initial ("John F. Kennedy") do not end a sentence.
    if (m[0] === '.' && (ABBREVIATIONS.has(lastWord.replace(/\.$/, '')) || /^\p{L}$/u.test(lastWord) || /^(\p{L}\.)+\p{L}$/u.test(lastWord))) continue;
    push(paragraph.start + start, paragraph.start + end);
    start = end;
    while (start < body.length && /\s/.test(body[start])) start++;
  }
  if (start < body.length) push(paragraph.start + start, paragraph.end);
  return spans;
}

/**
 * The first index in [0, n) for which `after(i)` holds, where it holds from some index on (a list in
 * text order asked "at or after this position?"); n when it never does. The one binary search of
 * extraction: lookups by position stay n log n over a whole article.
 */
export function firstIndex(n: number, after: (i: number) => boolean): number {
  let lo = 0;
  for (let hi = n; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (after(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The spans of `spans` that start in [from, to), in their order. When `spans` are in start order
 * (mentions are) a binary search finds them, so that a lookup per sentence over a whole article's
 * spans stays n log n; otherwise every span is looked at.
 */
export function startingIn<T extends TextSpan>(spans: T[], from: number, to: number): T[] {
  if (!inStartOrder(spans)) return spans.filter((x) => x.start >= from && x.start < to);
  const lo = firstIndex(spans.length, (i) => spans[i].start >= from);
  let end = lo;
  while (end < spans.length && spans[end].start < to) end++;
  return spans.slice(lo, end);
}

const checkedOrder = new WeakMap<TextSpan[], boolean>();
function inStartOrder(spans: TextSpan[]): boolean {
  let ordered = checkedOrder.get(spans);
  if (ordered === undefined) checkedOrder.set(spans, (ordered = spans.every((x, i) => i === 0 || spans[i - 1].start <= x.start)));
  return ordered;
}

/**
 * For each of `within` (disjoint, in text order: sentences), the `spans` that overlap it, in their
 * order: one pass, however many sentences and spans there are.
 */
export function overlapping<T extends TextSpan>(within: TextSpan[], spans: T[]): T[][] {
  const out = within.map((): T[] => []);
  for (const x of spans) {
    for (let k = firstIndex(within.length, (i) => within[i].end > x.start); k < within.length && within[k].start < x.end; k++) out[k].push(x);
  }
  return out;
}
