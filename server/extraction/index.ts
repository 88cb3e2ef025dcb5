/**
 * Extraction: from the raw text of a news article to its actors, statements and events, each with
 * its span. Pure and deterministic: no database, no network; the gazetteers are data files here.
 */
import { findActors, mergeSameNamed, type ActorMention, type ExtractedActor } from './actors.js';
import { findEvents, type ExtractedEvent } from './events.js';
import { CLUTTER_LINE, parseHeader } from './header.js';
import { findAttributions } from './attribution/index.js';
import { resolveSpeakers } from './speakers.js';
import { findQuotes, findStatements, type ExtractedStatement } from './statements.js';
import { paragraphs, sentences, type TextSpan } from './text.js';

import { normalizeName } from './normalize.js';

export { normalizeName };
export type { ExtractedActor, ExtractedEvent, ExtractedStatement };

/**
 * How statements and their speakers are found: by the tagger learned from PolNeAR (the default), or
 * by the hand-written rules that came before it, kept as the baseline that benchmarks compare with.
 */
export type AttributionMode = 'model' | 'rules';
export const ATTRIBUTION_MODES: readonly AttributionMode[] = ['model', 'rules'];

/** Changes whenever extraction output may change: stored articles of another version get re-extracted. */
export const EXTRACTOR_VERSION = 'tagger-2';
/**
 * The version of what `attribution: 'rules'` extracts: the previous statement rules (`rules-1`),
 * with today's actors, so not quite what `rules-1` stored.
 */
const RULES_VERSION = 'rules-3';

export interface ArticleMeta {
  /** YYYY-MM-DD; overrides a date header. */
  publishedAt?: string | null;
  title?: string | null;
  /** The text is a stored body already: no header, title or dateline to take off (re-extraction). */
  bodyOnly?: boolean;
  attribution?: AttributionMode;
}

export interface Extraction {
  extractorVersion: string;
  publishedAt: string | null;
  title: string | null;
  dateline: string | null;
  /** Offsets of the body inside the raw text. Every other span is an offset into the raw text. */
  bodyStart: number;
  bodyEnd: number;
  actors: ExtractedActor[];
  statements: ExtractedStatement[];
  events: ExtractedEvent[];
}

export function extractArticle(raw: string, meta: ArticleMeta = {}): Extraction {
  const header = meta.bodyOnly ? { publishedAt: null, title: null, dateline: null, bodyStart: 0, bodyEnd: raw.length } : parseHeader(raw);
  const publishedAt = meta.publishedAt ?? header.publishedAt;
  const paras = paragraphs(raw, header.bodyStart, header.bodyEnd).filter((p) => !CLUTTER_LINE.test(raw.slice(p.start, p.end)));
  // Each paragraph is split once; the tagger, the rules and events all read its sentences.
  const split = new Map(paras.map((p) => [p, sentences(raw, p)]));
  const sentencesOf = (p: TextSpan) => split.get(p) ?? sentences(raw, p);
  const allSentences = paras.flatMap(sentencesOf);
  const { actors, mentions } = findActors(raw, allSentences);
  const statements =
    meta.attribution === 'rules'
      ? findStatements(raw, paras, sentencesOf, mentions)
      : learnedStatements(raw, { start: header.bodyStart, end: header.bodyEnd }, paras, sentencesOf, actors, mentions);
  const events = findEvents(raw, allSentences, mentions, statements, publishedAt);
  // Actors that only a gazetteer word named and that neither speak nor take part are kept: they are mentioned.
  return {
    extractorVersion: meta.attribution === 'rules' ? RULES_VERSION : EXTRACTOR_VERSION,
    publishedAt,
    title: meta.title ?? header.title,
    dateline: header.dateline,
    bodyStart: header.bodyStart,
    bodyEnd: header.bodyEnd,
    actors,
    statements,
    events,
  };
}

/**
 * Statements by the learned tagger, their speakers resolved to actors; `actors` and `mentions` gain
 * the speakers no gazetteer knew, and actors of one name are merged.
 */
function learnedStatements(raw: string, body: TextSpan, paras: TextSpan[], sentencesOf: (p: TextSpan) => TextSpan[], actors: ExtractedActor[], mentions: ActorMention[]): ExtractedStatement[] {
  const resolved = resolveSpeakers(raw, body, findAttributions(raw, paras, sentencesOf), actors, mentions);
  actors.push(...resolved.actors);
  mentions.push(...resolved.mentions);
  // One actor per name: "Tigray People’s Liberation Front" by its own words and by the gazetteer's.
  const same = mergeSameNamed(actors);
  for (const m of mentions) m.actor = same(m.actor);
  for (const st of resolved.statements) if (st.speaker) st.speaker = same(st.speaker);
  mentions.sort((a, b) => a.start - b.start);
  for (const a of actors) {
    a.mentions.sort((x, y) => x.start - y.start);
    // Storage refuses an actor that is its own parent; a merge can make one.
    if (a.parent != null && normalizeName(a.parent) === normalizeName(a.name)) a.parent = null;
  }
  // Quotation marks are a surer sign of a quote than the tagger: a quotation it missed is taken from
  // the rules, with their speaker. They run only near the paragraphs that hold one: elsewhere they
  // would find nothing new, and they cost more than the tagger on long text.
  const overlapsFound = overlapsAnyOf(resolved.statements);
  const uncovered = findQuotes(raw, paras).filter((q) => !overlapsFound(q.inner));
  // Each with the paragraph before it, whose speaker a paragraph of quotation continues.
  const withMissed = paras.filter((p, i) => uncovered.some((q) => q.start >= p.start && q.start < (paras[i + 1]?.end ?? p.end)));
  const missed = withMissed.length ? findStatements(raw, withMissed, sentencesOf, mentions).filter((r) => r.kind === 'DIRECT' && !overlapsFound(r)) : [];
  // A missed quotation with no cue of its own continues the last speaker before it. That is the
  // model's speaker where the model found one in its paragraph or the one before: the rules resolve
  // the earlier paragraph on their own, and can disagree with the model.
  const found = [...resolved.statements].sort((a, b) => a.start - b.start);
  for (const r of missed) {
    if (r.cue != null) continue;
    const k = paras.findIndex((p) => r.start >= p.start && r.start < p.end);
    const from = paras[Math.max(0, k - 1)]?.start ?? 0;
    const before = found.filter((st) => st.end <= r.start && st.start >= from).at(-1);
    if (before) r.speaker = before.speaker;
  }
  return [...resolved.statements, ...missed].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** A test of whether a span overlaps any of `spans`: a binary search over their starts, then the furthest end before. */
function overlapsAnyOf(spans: TextSpan[]): (r: TextSpan) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const furthest: number[] = [];
  sorted.forEach((x, k) => (furthest[k] = Math.max(x.end, k ? furthest[k - 1] : -1)));
  return (r) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].start < r.end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && furthest[lo - 1] > r.start;
  };
}

/** The JSON shape of `newsgraph extract --json`, one object per article, spans into the raw text. */
export function extractionJson(file: string, x: Extraction) {
  return {
    file,
    extractorVersion: x.extractorVersion,
    publishedAt: x.publishedAt,
    dateline: x.dateline,
    actors: x.actors.map((a) => ({ name: a.name, kind: a.kind, countryCode: a.countryCode, mentions: a.mentions.map((m) => ({ start: m.start, end: m.end, text: m.text })) })),
    statements: x.statements.map((s) => ({ quote: s.quote, kind: s.kind, cue: s.cue, speaker: s.speaker?.name ?? null, start: s.start, end: s.end })),
    events: x.events.map((e) => ({
      type: e.type,
      summary: e.summary,
      date: e.date,
      datePrecision: e.datePrecision,
      place: e.place?.name ?? null,
      status: e.status,
      fatalities: e.fatalities,
      injuries: e.injuries,
      participants: e.participants.map((p) => ({ name: p.actor.name, role: p.role })),
      start: e.start,
      end: e.end,
    })),
  };
}
