/**
 * Attributions found by the learned tagger: each content span with its cue and the source phrase
 * that says it, linked within the paragraph. Which actor a source phrase names is decided later
 * (speakers.ts), where the article's actors are known. Pure.
 */
import { firstIndex, sentences, type TextSpan } from '../text.js';
import { CONTEXT_TEMPLATES, contextSlots, wordFeatures } from './features.js';
import { taggerWeights } from './model.js';
import { compileContext, decode, spansOf, tokenEmissions, type Span } from './tagger.js';
import { tokenize, type Sequence, type Token } from './tokens.js';

export interface TaggedAttribution {
  content: TextSpan;
  cue: (TextSpan & { text: string }) | null;
  /** The phrase that names the speaker, when the paragraph has one. */
  source: (TextSpan & { text: string }) | null;
  /** No source of its own: a quotation paragraph that continues the previous speaker. */
  continues: boolean;
  /** How much of the content lies between quotation marks: 1 all, 0 none. */
  quoted: number;
  paragraph: TextSpan;
}

interface Located extends Span {
  start: number;
  end: number;
  sentenceFrom: number;
  sentenceTo: number;
}

const CLOSING = /^[”»"]$/;
const QUOTE_MARKS = /^["“”«»„'‘’\s]+|["“”«»„'‘’\s]+$/g;

function locate(seq: Sequence, span: Span): Located {
  const a = seq.tokens[span.from];
  const b = seq.tokens[span.to - 1];
  return { role: span.role, from: span.from, to: span.to, start: a.start, end: b.end, sentenceFrom: a.sentence, sentenceTo: b.sentence };
}

/** The tagged spans of one paragraph. */
function tagParagraph(text: string, paragraph: TextSpan, sents: TextSpan[]): { seq: Sequence; spans: Located[] } {
  const seq = tokenize(text, paragraph, sents);
  const weights = taggerWeights();
  const context = compileContext(weights, CONTEXT_TEMPLATES);
  const tags = decode(tokenEmissions(weights, context, seq.tokens.map((t) => t.text), wordFeatures, contextSlots(seq, context.partId, -1)), weights.transitions);
  return { seq, spans: spansOf(tags).map((s) => locate(seq, s)) };
}

const isCapitalised = (t: Token) => /^\p{Lu}/u.test(t.text);
const NAME_JOINERS = new Set(['of', 'for', 'the', 'and', 'de', 'al', 'bin', 'van', 'von', 'da', 'del', 'la', 'le', "'s", '’s', '.', '-', '&']);

/** A run of capitalised tokens from `i` in direction `dir` (±1), joiners allowed inside. */
function nameRun(seq: Sequence, i: number, dir: 1 | -1): { from: number; to: number } | null {
  const toks = seq.tokens;
  if (i < 0 || i >= toks.length || !isCapitalised(toks[i]) || toks[i].inQuote) return null;
  let a = i;
  let b = i;
  for (let k = i + dir; k >= 0 && k < toks.length && Math.abs(k - i) < 6; k += dir) {
    if (isCapitalised(toks[k])) (dir > 0 ? (b = k) : (a = k));
    else if (!NAME_JOINERS.has(toks[k].text.toLowerCase())) break;
  }
  return { from: a, to: b + 1 };
}

/**
 * Links each content to its source: the source beside the content's own cue; else the nearest tagged
 * source in the content's sentences, one whose way to the content crosses another content costing
 * more; else one in a neighbouring sentence; else a capitalised name beside the cue, or a `NAME:`
 * paragraph opening.
 */
function link(seq: Sequence, spans: Located[], content: Located) {
  const { sources, contents, cues } = rolesOf(seq, spans);
  const gap = (a: Located, b: Located) => (a.to <= b.from ? b.from - a.to : a.from >= b.to ? a.from - b.to : 0);
  // Another content wholly between a and b. The contents are in text order, so only those from the
  // first one at or after `lo` are looked at: a sentence of hundreds of spans stays linear.
  const between = (a: Located, b: Located) => {
    const lo = Math.min(a.to, b.to);
    const hi = Math.max(a.from, b.from);
    for (let k = firstIndex(contents.length, (i) => contents[i].from >= lo); k < contents.length && contents[k].from <= hi; k++) if (contents[k] !== content && contents[k].to <= hi) return true;
    return false;
  };
  const sameSentences = (x: Located) => x.sentenceTo >= content.sentenceFrom && x.sentenceFrom <= content.sentenceTo;
  const cue = cues.filter(sameSentences).sort((a, b) => gap(a, content) - gap(b, content))[0] ?? null;
  // The source that goes with the content's own cue: beside it, with no other content in between
  // ("X said", "said X", "X, a spokesman, said"), whatever lies nearer the content.
  if (cue && !between(cue, content)) {
    const beside = sources.filter((s) => sameSentences(s) && gap(s, cue) <= 3 && !between(s, cue)).sort((a, b) => gap(a, cue) - gap(b, cue))[0];
    if (beside) return { source: beside as { from: number; to: number } | null, cue };
  }
  let best: Located | null = null;
  let bestCost = Infinity;
  for (const s of sources) {
    let cost: number;
    if (sameSentences(s)) cost = gap(s, content);
    else if (s.sentenceTo === content.sentenceFrom - 1 || s.sentenceFrom === content.sentenceTo + 1) cost = 1000 + gap(s, content);
    else continue;
    if (between(s, content)) cost += 500;
    if (cost < bestCost) (bestCost = cost), (best = s);
  }
  // A name within four tokens of the cue, the tagger having marked none.
  const named = (sameSentenceOnly: boolean) => {
    if (!cue) return null;
    for (let k = 1; k <= 4; k++) {
      for (const [i, dir] of [[cue.from - k, -1], [cue.to - 1 + k, 1]] as const) {
        if (i < content.to && i >= content.from) continue;
        const run = nameRun(seq, i, dir);
        if (!run || (seq.tokens[run.from].inSentence === 0 && run.to - run.from === 1) || isOutlet(seq, run)) continue;
        if (!sameSentenceOnly || seq.tokens[run.from].sentence === seq.tokens[cue.from].sentence) return run;
      }
    }
    return null;
  };
  // "Moscow's envoy, Vassily Nebenzia, called the visit ...": a name beside the content's own verb
  // goes before any source of a neighbouring sentence.
  if (best && bestCost >= 1000 && cue && sameSentences(cue)) {
    const beside = named(true);
    if (beside) return { source: beside, cue };
  }
  if (best) return { source: best as { from: number; to: number } | null, cue };
  return { source: named(false), cue };
}

/**
 * "In a statement, Kenya's interior ministry said 12 people ...", all tagged as content: the tagger
 * swallowed the source and the cue that open the sentence. They are taken back out of the content.
 */
function splitSwallowedSources(seq: Sequence, spans: Located[]): Located[] {
  const toks = seq.tokens;
  const out: Located[] = [];
  for (const c of spans) {
    out.push(c);
    if (c.role !== 'CONTENT' || toks[c.from].inQuote || (toks[c.from].inSentence !== 0 && toks[c.from - 1].text !== ',')) continue;
    let k = -1;
    for (let i = c.from + 1; i < Math.min(c.to - 3, c.from + 10); i++) {
      if (toks[i].sentence !== toks[c.from].sentence || /^[.;!?"“”]$/.test(toks[i].text)) break;
      if (SPEECH_CUE.test(toks[i].text) && !toks[i].inQuote) {
        k = i;
        break;
      }
    }
    if (k < 0) continue;
    // A lead-in that ends with a comma ("In a statement,", "On Monday,") is not the source.
    let from = c.from;
    for (let i = c.from; i < k; i++) if (toks[i].text === ',') from = i + 1;
    if (from >= k || !toks.slice(from, k).some((t) => /^\p{Lu}/u.test(t.text) || /^(?:the|its|his|her)$/i.test(t.text))) continue;
    let contentFrom = k + 1;
    // "found in a unanimous judgment that ...": the words said start after the "that" close behind the verb.
    for (let i = k + 1; i < Math.min(c.to - 3, k + 8) && !/^[.;:!?"“”,]$/.test(toks[i].text); i++) {
      if (/^that$/i.test(toks[i].text)) {
        contentFrom = i;
        break;
      }
    }
    while (contentFrom < c.to && /^(?:that|,)$/i.test(toks[contentFrom].text)) contentFrom++;
    if (c.to - contentFrom < 3) continue;
    out.splice(out.length - 1, 1, locate(seq, { role: 'SOURCE', from, to: k }), locate(seq, { role: 'CUE', from: k, to: k + 1 }), locate(seq, { role: 'CONTENT', from: contentFrom, to: c.to }));
  }
  return out;
}

/**
 * "“The situation is tense,” Defence Minister Zakir Hasanov was quoted as saying", where the tagger
 * took the name after the closing quotation mark into the content: the name is given back as the
 * source, when a cue follows it.
 */
function splitTrailingSources(seq: Sequence, spans: Located[]): Located[] {
  const toks = seq.tokens;
  const out: Located[] = [];
  spans.forEach((c, k) => {
    const next = spans[k + 1];
    if (c.role !== 'CONTENT' || !next || next.role !== 'CUE' || next.from !== c.to) return void out.push(c);
    // The last closing quotation mark inside the content, with only a capitalised name after it.
    let close = -1;
    for (let i = c.to - 1; i > c.from; i--) {
      if (CLOSING.test(toks[i].text) && !toks[i + 1]?.inQuote) {
        close = i;
        break;
      }
    }
    const name = close > c.from ? nameRun(seq, close + 1, 1) : null;
    if (!name || name.to !== c.to || name.from !== close + 1) return void out.push(c);
    out.push(locate(seq, { role: 'CONTENT', from: c.from, to: close + 1 }), locate(seq, { role: 'SOURCE', from: name.from, to: name.to }));
  });
  return out;
}

/** The outlet in "was quoted as saying by Russia's RIA": it passed the words on; it did not say them. */
const isOutlet = (seq: Sequence, s: { from: number }) => {
  const before = seq.tokens.slice(Math.max(0, s.from - 5), s.from).map((t) => t.text.toLowerCase());
  return before.at(-1) === 'by' && before.includes('quoted');
};

/** The spans of a neighbourhood by role; the contents of one sentence share their neighbourhood, so it is sorted once. */
const roles = new WeakMap<Located[], { sources: Located[]; contents: Located[]; cues: Located[] }>();
function rolesOf(seq: Sequence, spans: Located[]) {
  let found = roles.get(spans);
  if (!found) {
    found = {
      // "I" and "we" inside a quotation are its speaker talking, not a source to link to.
      sources: spans.filter((s) => s.role === 'SOURCE' && !isOutlet(seq, s) && !(seq.tokens[s.from].inQuote && s.to - s.from === 1 && /^(I|we|me|us|my|our)$/i.test(seq.tokens[s.from].text))),
      contents: spans.filter((s) => s.role === 'CONTENT'),
      cues: spans.filter((s) => s.role === 'CUE'),
    };
    roles.set(spans, found);
  }
  return found;
}

/** The spans that touch each sentence, so that linking looks only near a content (a long paragraph would be quadratic). */
function bySentence(spans: Located[]): Map<number, Located[]> {
  const index = new Map<number, Located[]>();
  for (const s of spans) for (let k = s.sentenceFrom; k <= s.sentenceTo; k++) index.get(k)?.push(s) ?? index.set(k, [s]);
  return index;
}

/** The spans in sentences `from` to `to`, once each, in text order. */
function near(index: Map<number, Located[]>, from: number, to: number): Located[] {
  const found = new Set<Located>();
  for (let k = from; k <= to; k++) for (const s of index.get(k) ?? []) found.add(s);
  return [...found].sort((a, b) => a.from - b.from);
}

/** Speech verbs whose clause is what was said ("said in a statement that ..."). */
const SPEECH_CUE = /^(?:said|says|told|tells|added|adds|stated|announced|warned|claimed|insisted|confirmed|reported|denied|alleged|ruled|found|concluded|argued|noted|wrote|declared|stressed|acknowledged|admitted|explained)$/i;

/**
 * A source and a speech verb with no content tagged in their sentence: the clause before them when
 * they close the sentence after a comma; else the clause that follows the verb, past "in a
 * statement", a day, an addressee and "that", to the sentence's end.
 */
function untaggedClauses(seq: Sequence, spans: Located[]): Located[] {
  const out: Located[] = [];
  const index = bySentence(spans);
  for (const cue of spans.filter((s) => s.role === 'CUE')) {
    const last = seq.tokens[cue.to - 1];
    if (!SPEECH_CUE.test(last.text) || last.inQuote) continue;
    const inSentence = index.get(cue.sentenceFrom) ?? [];
    if (inSentence.some((s) => s.role === 'CONTENT')) continue;
    const toks = seq.tokens;
    // "CLAUSE, the ministry said (on Monday)." / "CLAUSE, said the ministry.": the clause before the comma.
    const before = inSentence.find((s) => s.role === 'SOURCE' && s.to === cue.from);
    const after = inSentence.find((s) => s.role === 'SOURCE' && s.from === cue.to);
    const head = before ? before.from : cue.from;
    const tail = after ? after.to : cue.to;
    let rest = tail;
    while (rest < toks.length && toks[rest].sentence === cue.sentenceFrom && /^(?:on|in|late|early|a|statement|\p{Lu}\p{Ll}+day|[.,;!?])$/u.test(toks[rest].text)) rest++;
    const sentenceEnds = rest >= toks.length || toks[rest].sentence !== cue.sentenceFrom;
    if ((before || after) && sentenceEnds && head > 0 && toks[head - 1].text === ',' && toks[head - 1].sentence === cue.sentenceFrom) {
      let start = head - 1;
      while (start > 0 && toks[start - 1].sentence === cue.sentenceFrom) start--;
      if (head - 1 - start >= 3) out.push(locate(seq, { role: 'CONTENT', from: start, to: head - 1 }));
      continue;
    }
    if (!inSentence.some((s) => s.role === 'SOURCE' && s.sentenceTo === cue.sentenceFrom && (s.to === cue.from || s.to === cue.from - 1))) continue;
    let i = cue.to;
    const skip = /^(?:in|a|an|the|statement|on|monday|tuesday|wednesday|thursday|friday|saturday|sunday|to|reporters|journalists|that|late|early|earlier|later|,)$/i;
    while (i < toks.length && toks[i].sentence === cue.sentenceFrom && skip.test(toks[i].text)) i++;
    let j = i;
    while (j < toks.length && toks[j].sentence === cue.sentenceFrom && !/^[.;!?"“”]$/.test(toks[j].text)) j++;
    if (j - i >= 3) out.push(locate(seq, { role: 'CONTENT', from: i, to: j }));
  }
  return out;
}

export function findAttributions(text: string, paragraphs: TextSpan[], sentencesOf = (p: TextSpan) => sentences(text, p)): TaggedAttribution[] {
  const out: TaggedAttribution[] = [];
  let previousHadSpeaker = false;
  for (const paragraph of paragraphs) {
    const tagging = tagParagraph(text, paragraph, sentencesOf(paragraph));
    const seq = tagging.seq;
    let spans = splitTrailingSources(seq, splitSwallowedSources(seq, tagging.spans));
    spans = [...spans, ...untaggedClauses(seq, spans)].sort((a, b) => a.from - b.from);
    const index = bySentence(spans);
    const neighbourhoods = new Map<string, Located[]>();
    let hadSpeaker = false;
    // "NAME: ..." opening a paragraph, behind an opening quotation mark or not: a transcript's speaker.
    const first = seq.tokens.findIndex((t) => !/^["“'‘]$/.test(t.text));
    const colon = seq.tokens.findIndex((t, i) => i > first && i <= first + 5 && t.text === ':');
    const speakerLabel = first >= 0 && colon > first && seq.tokens.slice(first, colon).every(isCapitalised) ? { from: first, to: colon } : null;
    // "“...” ― NAME" closing a paragraph: a quotation signed by its author.
    const toks = seq.tokens;
    const dash = toks.findIndex((t, i) => i > 0 && /^[―—–]$/.test(t.text) && CLOSING.test(toks[i - 1].text) && toks.length - i - 1 >= 1 && toks.length - i - 1 <= 5);
    const signature = dash > 0 && toks.slice(dash + 1).every((t) => isCapitalised(t) || /^[.,]$/.test(t.text)) ? { from: dash + 1, to: toks.length - (/^[.,]$/.test(toks.at(-1)!.text) ? 1 : 0) } : null;
    for (const tagged of spans.filter((s) => s.role === 'CONTENT')) {
      let content = tagged;
      if (speakerLabel && content.from <= colon) {
        if (content.to <= colon + 1) continue;
        content = locate(seq, { ...content, from: colon + 1 });
      }
      if (signature && content.to > dash) {
        if (content.from >= dash) continue;
        content = locate(seq, { ...content, to: dash });
      }
      const around = `${content.sentenceFrom}:${content.sentenceTo}`;
      if (!neighbourhoods.has(around)) neighbourhoods.set(around, near(index, content.sentenceFrom - 1, content.sentenceTo + 1));
      const linked = link(seq, neighbourhoods.get(around)!, content);
      // A transcript's label speaks the words right after it, whatever else the tagger marked.
      const source = (speakerLabel && content.from > colon && (!linked.source || content.from === colon + 1) ? speakerLabel : null) ?? (signature && content.to <= dash ? signature : null) ?? linked.source;
      const cue = linked.cue;
      // "said that CLAUSE": the clause is what was said.
      const from = content.to - content.from > 1 && /^that$/i.test(seq.tokens[content.from].text) && !seq.tokens[content.from].inQuote ? content.from + 1 : content.from;
      const inner = seq.tokens.slice(from, content.to).filter((t) => !/^["“”«»„]$/.test(t.text));
      const quoted = inner.length ? inner.filter((t) => t.inQuote).length / inner.length : 0;
      // Trim the quotation marks and the punctuation that closes the sentence around the words.
      let start = seq.tokens[from].start;
      let end = content.end;
      const raw = text.slice(start, end);
      const lead = raw.length - raw.replace(/^["“”«»„'‘’\s]+/, '').length;
      start += lead;
      end -= raw.length - raw.replace(QUOTE_MARKS, '').length - lead;
      while (end > start && /[,;:]/.test(text[end - 1])) end--;
      if (quoted < 1) while (end > start && /[.]/.test(text[end - 1])) end--;
      if (end <= start) continue;
      const sourceSpan = source ? { start: seq.tokens[source.from].start, end: seq.tokens[source.to - 1].end } : null;
      const continues: boolean = !sourceSpan && quoted === 1 && content.from <= 1 && previousHadSpeaker;
      out.push({
        content: { start, end },
        cue: cue ? { start: cue.start, end: cue.end, text: text.slice(cue.start, cue.end) } : null,
        source: sourceSpan ? { ...sourceSpan, text: text.slice(sourceSpan.start, sourceSpan.end) } : null,
        continues,
        quoted,
        paragraph,
      });
      hadSpeaker ||= sourceSpan != null || continues;
    }
    previousHadSpeaker = hadSpeaker;
  }
  return out;
}
