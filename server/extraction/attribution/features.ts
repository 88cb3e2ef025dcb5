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
/** What the context features read of a token's own text, found once per distinct text. */
const wordOf = memo((text: string) => {
  const lemma = lemmaOf(text);
  return { lower: text.toLowerCase(), shape: shape(text), cue: CUE_LEMMAS.has(lemma), lemma, capital: /^\p{Lu}/u.test(text) };
});

function shapeOf(w: string): string {
  return w
    .replace(/\p{Lu}/gu, 'X')
    .replace(/\p{Ll}/gu, 'x')
    .replace(/\p{N}/gu, 'd')
    .replace(/(.)\1+/g, '$1$1');
}

const BUCKETS = ['0', '1', '2', '3', '4-5', '6-9', '10-19', '20+'];
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

/**
 * The parts a token's context features are made of, one string per token each; '' where the token
 * has none (then no feature uses it). Neighbours' parts are shifted in, so that every template reads
 * the same token's parts.
 */
export const SLOTS = [
  'quoteMark', 'q', 'sp', 'se', 'si', 'hc', 'lc', 'rc', 'dl', 'dr', 'dlIn', 'drIn', 'dlOut', 'drOut', 'ql', 'qr',
  'word', 'prev', 'prev2', 'next', 'next2', 'shape', 'prevShape', 'nextShape', 'cuePrev', 'cueNext', 'capCueNext',
] as const;
export type Slot = (typeof SLOTS)[number];

/** A context feature: its name is the prefix then its parts joined by '|'. */
export interface Template {
  prefix: string;
  parts: readonly [Slot] | readonly [Slot, Slot];
}

/**
 * Every context feature of a token, in the order training met them (the weights file was learned in
 * this order). Decoding looks them up by their parts (tagger.ts compileContext), never by name.
 */
export const CONTEXT_TEMPLATES: readonly Template[] = (
  [
    ['q=', 'quoteMark'], ['', 'q'], ['sp=', 'sp'], ['se=', 'se'], ['si=', 'si'], ['hc=', 'hc'],
    ['lc=', 'lc'], ['lc=', 'lc', 'dl'], ['rc=', 'rc'], ['rc=', 'rc', 'dr'],
    ['ql=', 'ql', 'q'], ['qr=', 'qr', 'q'], ['w-1=', 'prev', 'q'], ['ww=', 'word', 'q'],
    ['dl=', 'dl'], ['dr=', 'dr'], ['dlr=', 'dl', 'dr'], ['inq|dl=', 'dlIn'], ['outq|dl=', 'dlOut'], ['inq|dr=', 'drIn'], ['outq|dr=', 'drOut'],
    ['w-1=', 'prev'], ['w-2=', 'prev2'], ['w+1=', 'next'], ['w+2=', 'next2'], ['w-1w=', 'prev', 'word'], ['ww+1=', 'word', 'next'],
    ['sh-1=', 'prevShape', 'shape'], ['sh+1=', 'shape', 'nextShape'],
    ['', 'cuePrev'], ['', 'cueNext'], ['', 'capCueNext'],
  ] as const
).map(([prefix, ...parts]) => ({ prefix, parts }) as Template);

/** The context feature names of each token (training reads these; decoding reads the slots' ids). */
export function contextFeatures(seq: Sequence): string[][] {
  const slots = contextSlots(seq, (part) => part, '');
  return seq.tokens.map((_, i) => {
    const f: string[] = [];
    for (const { prefix, parts } of CONTEXT_TEMPLATES) {
      const a = slots[parts[0]][i];
      if (!a) continue;
      if (parts.length === 1) f.push(prefix + a);
      else if (slots[parts[1]][i]) f.push(`${prefix}${a}|${slots[parts[1]][i]}`);
    }
    return f;
  });
}

/**
 * Each slot's part for every token: the tokens around it, its sentence and its paragraph. A part is
 * given as `part(text)`, and `none` where a token has none: the names' strings for training, or ids
 * for decoding, where each distinct word, shape and label is then looked up once, not once per slot.
 */
export function contextSlots<P>(seq: Sequence, part: (text: string) => P, none: P): Record<Slot, P[]> {
  const toks = seq.tokens;
  const n = toks.length;
  const own = toks.map((t) => wordOf(t.text));
  const wordParts = own.map((w) => part(w.lower));
  const shapeParts = own.map((w) => part(w.shape));
  const cue = own.map((w) => w.cue);
  const quoteMark = toks.map((t) => (OPEN_QUOTES.has(t.text) ? 'open' : CLOSE_QUOTES.has(t.text) ? 'close' : t.text === '"' ? (t.inQuote ? 'open' : 'close') : ''));
  const bucketParts = BUCKETS.map(part);
  const bucketPart = (k: number) => bucketParts[k <= 3 ? k : k <= 5 ? 4 : k <= 9 ? 5 : k <= 19 ? 6 : 7];
  const [NONE, INQ, OUTQ, START, END, CUE_PREV, CUE_NEXT, CAP_CUE_NEXT, OPEN, CLOSE] = ['none', 'inq', 'outq', '<s>', '</s>', 'cue-1', 'cue+1', 'cap|cue+1', 'open', 'close'].map(part);
  const digitParts = DIGITS.map(part);
  const hasCueQuoteParts = HAS_CUE_QUOTE.map(part);
  const sentenceCount = n ? toks[n - 1].sentence + 1 : 0;
  const sentenceLength = new Array<number>(sentenceCount).fill(0);
  const sentenceHasCue = new Array<boolean>(sentenceCount).fill(false);
  const sentenceHasQuote = new Array<boolean>(sentenceCount).fill(false);
  for (let i = 0; i < n; i++) {
    const s = toks[i].sentence;
    sentenceLength[s]++;
    if (cue[i] && !toks[i].inQuote) sentenceHasCue[s] = true;
    if (quoteMark[i]) sentenceHasQuote[s] = true;
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
  const cueLemma = own.map((w) => (w.cue ? part(w.lemma) : none));
  // The nearest quotation mark on each side, within the paragraph.
  const qLeft = new Array<number>(n).fill(-1);
  const qRight = new Array<number>(n).fill(-1);
  for (let i = 0, last = -1; i < n; i++) (qLeft[i] = last < 0 ? -1 : i - last), quoteMark[i] && (last = i);
  for (let i = n - 1, next = -1; i >= 0; i--) (qRight[i] = next < 0 ? -1 : next - i), quoteMark[i] && (next = i);
  const w = (i: number) => (i < 0 ? START : i >= n ? END : wordParts[i]);
  const sh = (i: number) => (i < 0 ? START : i >= n ? END : shapeParts[i]);
  // One array per slot, filled by plain local names (a record built from entries is a dictionary).
  const [quoteMarkS, qS, spS, seS, siS, hcS, lcS, rcS, dlS, drS, dlInS, drInS, dlOutS, drOutS, qlS, qrS, wordS, prevS, prev2S, nextS, next2S, shapeS, prevShapeS, nextShapeS, cuePrevS, cueNextS, capCueNextS] = SLOTS.map(() => new Array<P>(n));
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    const q = t.inQuote ? INQ : OUTQ;
    const dl = left[i] < 0 ? NONE : bucketPart(left[i]);
    const dr = right[i] < 0 ? NONE : bucketPart(right[i]);
    quoteMarkS[i] = quoteMark[i] === 'open' ? OPEN : quoteMark[i] === 'close' ? CLOSE : none;
    qS[i] = q;
    spS[i] = bucketPart(t.inSentence);
    seS[i] = bucketPart(sentenceLength[t.sentence] - 1 - t.inSentence);
    siS[i] = digitParts[Math.min(t.sentence, 3)];
    hcS[i] = hasCueQuoteParts[(sentenceHasCue[t.sentence] ? 2 : 0) + (sentenceHasQuote[t.sentence] ? 1 : 0)];
    lcS[i] = left[i] < 0 ? none : cueLemma[i - left[i]];
    rcS[i] = right[i] < 0 ? none : cueLemma[i + right[i]];
    dlS[i] = dl;
    drS[i] = dr;
    dlInS[i] = t.inQuote ? dl : none;
    drInS[i] = t.inQuote ? dr : none;
    dlOutS[i] = t.inQuote ? none : dl;
    drOutS[i] = t.inQuote ? none : dr;
    qlS[i] = qLeft[i] < 0 ? NONE : bucketPart(qLeft[i]);
    qrS[i] = qRight[i] < 0 ? NONE : bucketPart(qRight[i]);
    wordS[i] = wordParts[i];
    prevS[i] = w(i - 1);
    prev2S[i] = w(i - 2);
    nextS[i] = w(i + 1);
    next2S[i] = w(i + 2);
    shapeS[i] = shapeParts[i];
    prevShapeS[i] = sh(i - 1);
    nextShapeS[i] = sh(i + 1);
    cuePrevS[i] = i > 0 && cue[i - 1] ? CUE_PREV : none;
    cueNextS[i] = i + 1 < n && cue[i + 1] ? CUE_NEXT : none;
    capCueNextS[i] = i + 1 < n && cue[i + 1] && own[i].capital ? CAP_CUE_NEXT : none;
  }
  return { quoteMark: quoteMarkS, q: qS, sp: spS, se: seS, si: siS, hc: hcS, lc: lcS, rc: rcS, dl: dlS, dr: drS, dlIn: dlInS, drIn: drInS, dlOut: dlOutS, drOut: drOutS, ql: qlS, qr: qrS, word: wordS, prev: prevS, prev2: prev2S, next: nextS, next2: next2S, shape: shapeS, prevShape: prevShapeS, nextShape: nextShapeS, cuePrev: cuePrevS, cueNext: cueNextS, capCueNext: capCueNextS };
}
