/** The tagger's features of each token: words, shapes, quotation state, cue words nearby. Pure. */
import { CLOSE_QUOTES, OPEN_QUOTES, type Sequence } from './tokens.js';

/** Reporting verbs and phrases by their base form; the tagger learns the rest from the words themselves. */
const CUE_LEMMAS = new Set(
  ('say tell add accord claim argue note state announce report warn insist explain write tweet post accuse deny urge ask confirm ' +
    'believe think suggest predict acknowledge admit reply respond promise pledge vow call describe criticize criticise praise complain ' +
    'contend assert maintain estimate show find conclude recall reveal indicate emphasize stress declare hope want expect fear worry agree ' +
    'disagree quote cite testify allege charge counter blame demand question dismiss reject concede boast joke muse lament predict ' +
    'speak mention acknowledge signal caution propose recommend announce remark observe comment brag vow threaten know feel doubt').split(' '),
);
const IRREGULAR: Record<string, string> = { said: 'say', told: 'tell', wrote: 'write', written: 'write', thought: 'think', found: 'find', spoke: 'speak', spoken: 'speak', knew: 'know', known: 'know', felt: 'feel', according: 'accord' };

function lemma(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return IRREGULAR[w];
  for (const [suffix, repl] of [['ies', 'y'], ['ied', 'y'], ['ing', ''], ['ing', 'e'], ['ed', ''], ['ed', 'e'], ['es', ''], ['s', ''], ['d', '']] as const) {
    if (w.endsWith(suffix) && w.length > suffix.length + 2) {
      const base = w.slice(0, -suffix.length) + repl;
      if (CUE_LEMMAS.has(base)) return base;
      if (suffix === 'ing' || suffix === 'ed') {
        // a doubled consonant: "admitted", "regretting"
        const undoubled = base.length > 2 && base.at(-1) === base.at(-2) ? base.slice(0, -1) : '';
        if (undoubled && CUE_LEMMAS.has(undoubled)) return undoubled;
      }
    }
  }
  return w;
}


/** Per-text memo for the pure word functions below, bounded so that no input grows it without end. */
function memo<T>(fn: (text: string) => T, limit = 50_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let v = cache.get(text);
    if (v === undefined) {
      if (cache.size >= limit) cache.clear();
      cache.set(text, (v = fn(text)));
    }
    return v;
  };
}

const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'who', 'his', 'her', 'their', 'its', 'him', 'them', 'us', 'me']);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'some', 'many', 'several', 'most', 'other', 'both', 'all']);
const TITLES = new Set(
  ('mr mrs ms dr sen rep gov president minister secretary spokesman spokeswoman spokesperson chairman chairwoman chair director chief ' +
    'leader general gen col lt officer official officials ambassador senator representative governor mayor candidate judge justice attorney ' +
    'prosecutor commander analyst professor prof aide adviser advisor executive ceo manager head deputy premier king queen prince pope').split(' '),
);

const shape = memo(shapeOf);
const lemmaOf = memo((word: string) => lemma(word.toLowerCase()));
const cueWord = (word: string) => CUE_LEMMAS.has(lemmaOf(word));

function shapeOf(w: string): string {
  return w
    .replace(/\p{Lu}/gu, 'X')
    .replace(/\p{Ll}/gu, 'x')
    .replace(/\p{N}/gu, 'd')
    .replace(/(.)\1+/g, '$1$1');
}

const BUCKETS = ['0', '1', '2', '3', '4-5', '6-9', '10-19', '20+'];
const bucket = (n: number) => BUCKETS[n <= 3 ? n : n <= 5 ? 4 : n <= 9 ? 5 : n <= 19 ? 6 : 7];
const DIGITS = ['0', '1', '2', '3', '4'];
const HAS_CUE_QUOTE = ['00', '01', '10', '11'];

/** A feature's name: its template's prefix and its parts. */
const join = (prefix: string, a: string, b?: string) => (b === undefined ? prefix + a : `${prefix}${a}|${b}`);

/** Features that depend on a token's own text alone, so that decoding can look them up once per word. */
export function wordFeatures(text: string): string[] {
  const word = text.toLowerCase();
  const f: string[] = ['b', join('w=', word), join('sh=', shape(text)), join('p3=', word.slice(0, 3)), join('s3=', word.slice(-3)), join('s2=', word.slice(-2))];
  if (/^\p{Lu}/u.test(text)) f.push('cap');
  if (PRONOUNS.has(word)) f.push('pron');
  if (DETERMINERS.has(word)) f.push('det');
  if (TITLES.has(word.replace(/\.$/, ''))) f.push('title');
  if (cueWord(word)) f.push('cue', join('cl=', lemmaOf(word)));
  return f;
}

/** The feature names of every token of a sequence: its word's and its context's. */
export function sequenceFeatures(seq: Sequence): string[][] {
  const context = contextFeatures(seq);
  return seq.tokens.map((t, i) => [...wordFeatures(t.text), ...context[i]]);
}

/** The features of each token that depend on the tokens around it, its sentence and its paragraph. */
export function contextFeatures(seq: Sequence): string[][] {
  const toks = seq.tokens;
  const n = toks.length;
  const words = toks.map((t) => t.text.toLowerCase());
  const shapes = toks.map((t) => shape(t.text));
  const cue = toks.map((t) => cueWord(t.text));
  const quoteMark = toks.map((t) => (OPEN_QUOTES.has(t.text) ? 'open' : CLOSE_QUOTES.has(t.text) ? 'close' : t.text === '"' ? (t.inQuote ? 'open' : 'close') : ''));
  const sentenceLength = new Map<number, number>();
  const sentenceHasCue = new Map<number, boolean>();
  const sentenceHasQuote = new Map<number, boolean>();
  for (let i = 0; i < n; i++) {
    const s = toks[i].sentence;
    sentenceLength.set(s, (sentenceLength.get(s) ?? 0) + 1);
    if (cue[i] && !toks[i].inQuote) sentenceHasCue.set(s, true);
    if (quoteMark[i]) sentenceHasQuote.set(s, true);
  }
  // Distance to the nearest cue word outside quotes on each side, within the sentence.
  const left = new Array<number>(n).fill(-1);
  const right = new Array<number>(n).fill(-1);
  for (let i = 0, last = -1, s = -1; i < n; i++) {
    if (toks[i].sentence !== s) (s = toks[i].sentence), (last = -1);
    left[i] = last < 0 ? -1 : i - last;
    if (cue[i] && !toks[i].inQuote) last = i;
  }
  for (let i = n - 1, next = -1, s = -1; i >= 0; i--) {
    if (toks[i].sentence !== s) (s = toks[i].sentence), (next = -1);
    right[i] = next < 0 ? -1 : next - i;
    if (cue[i] && !toks[i].inQuote) next = i;
  }
  // The nearest quotation mark on each side, within the paragraph.
  const qLeft = new Array<number>(n).fill(-1);
  const qRight = new Array<number>(n).fill(-1);
  for (let i = 0, last = -1; i < n; i++) (qLeft[i] = last < 0 ? -1 : i - last), quoteMark[i] && (last = i);
  for (let i = n - 1, next = -1; i >= 0; i--) (qRight[i] = next < 0 ? -1 : next - i), quoteMark[i] && (next = i);
  const w = (i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : words[i]);
  const sh = (i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : shapes[i]);
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    const word = words[i];
    const f: string[] = [];
    const cap = /^\p{Lu}/u.test(t.text);
    if (quoteMark[i]) f.push(join('q=', quoteMark[i]));
    const q = t.inQuote ? 'inq' : 'outq';
    f.push(q);
    const len = sentenceLength.get(t.sentence)!;
    const fromEnd = len - 1 - t.inSentence;
    f.push(join('sp=', bucket(t.inSentence)), join('se=', bucket(fromEnd)), join('si=', DIGITS[Math.min(t.sentence, 3)]));
    f.push(join('hc=', HAS_CUE_QUOTE[(sentenceHasCue.get(t.sentence) ? 2 : 0) + (sentenceHasQuote.get(t.sentence) ? 1 : 0)]));
    const dl = left[i] < 0 ? 'none' : bucket(left[i]);
    const dr = right[i] < 0 ? 'none' : bucket(right[i]);
    const lc = left[i] < 0 ? '' : lemmaOf(words[i - left[i]]);
    const rc = right[i] < 0 ? '' : lemmaOf(words[i + right[i]]);
    if (lc) f.push(join('lc=', lc), join('lc=', lc, dl));
    if (rc) f.push(join('rc=', rc), join('rc=', rc, dr));
    f.push(join('ql=', qLeft[i] < 0 ? 'none' : bucket(qLeft[i]), q), join('qr=', qRight[i] < 0 ? 'none' : bucket(qRight[i]), q));
    f.push(join('w-1=', w(i - 1), q), join('ww=', word, q));
    f.push(join('dl=', dl), join('dr=', dr), join('dlr=', dl, dr), join(t.inQuote ? 'inq|dl=' : 'outq|dl=', dl), join(t.inQuote ? 'inq|dr=' : 'outq|dr=', dr));
    f.push(join('w-1=', w(i - 1)), join('w-2=', w(i - 2)), join('w+1=', w(i + 1)), join('w+2=', w(i + 2)), join('w-1w=', w(i - 1), word), join('ww+1=', word, w(i + 1)));
    f.push(join('sh-1=', sh(i - 1), shapes[i]), join('sh+1=', shapes[i], sh(i + 1)));
    if (i > 0 && cue[i - 1]) f.push('cue-1');
    if (i + 1 < n && cue[i + 1]) f.push('cue+1');
    if (i + 1 < n && cue[i + 1] && cap) f.push('cap|cue+1');
    out.push(f);
  }
  return out;
}
