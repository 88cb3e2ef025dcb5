import type { ActorMention, ExtractedActor } from './actors.js';
import { startingIn, type TextSpan } from './text.js';

export type StatementKind = 'DIRECT' | 'INDIRECT' | 'MIXED';

export interface ExtractedStatement {
  quote: string;
  kind: StatementKind;
  cue: string | null;
  speaker: ExtractedActor | null;
  start: number;
  end: number;
  confidence: number;
}

const CUE_WORDS =
  'said|says|say|told|tells|added|adds|adding|noted|notes|noting|stated|states|declared|announced|announces|warned|warns|warning|claimed|claims|' +
  'insisted|insists|stressed|stresses|explained|wrote|writes|tweeted|posted|accused|accuses|denied|denies|urged|urges|asked|asks|confirmed|confirms|' +
  'reported|reports|argued|argues|alleged|alleges|vowed|vows|promised|pledged|charged|acknowledged|admitted|replied|responded|continued|went on|concluded|' +
  'quoted|cited|saying|calling|describing|condemned|criticized|criticised|slammed|hailed|praised|welcomed|described|repeated|according to';
const CUE = new RegExp(`\\b(${CUE_WORDS})\\b`, 'gi');

const ADVERBS = `(?:\\s+(?:also|later|then|further|previously|earlier|separately|in a statement|in a post on \\S+|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|on \\S+|to \\p{Lu}\\S*|to reporters|to journalists))*`;
const TRAILING_ADVERBS = new RegExp(`${ADVERBS}\\s*$`, 'u');
const POST_CUE = new RegExp(`^[\\s,:;—–-]*((?:[^"“”.!?]|\\.(?=\\s?\\p{L}))*?)\\b(${CUE_WORDS})\\b`, 'iu');
const ANAPHORS =
  /(?:^|[^\p{L}])(he|she|it|they|we|i|(?:the|a) (?:[\p{L}-]+-run |\p{Ll}+ )?(?:ministry|army|military|group|agency|spokesman|spokeswoman|spokesperson|president|minister|official|officer|commander|movement|organisation|organization|government|statement|office|source|service|police|prosecutor|court|council|committee|embassy|side|militants|rebels|authorities|officials))(?:\s+(?:in|of|at|for|on)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}[\p{L}-]+)?$/iu;

interface Quote {
  start: number;
  end: number;
  /** The quoted words, without the marks. */
  inner: TextSpan;
}

/** Quotations: “curly” pairs, and "straight" ones paired in order within a paragraph. */
export function findQuotes(text: string, paragraphs: TextSpan[]): Quote[] {
  const quotes: Quote[] = [];
  for (const p of paragraphs) {
    const s = text.slice(p.start, p.end);
    let open: number | null = null;
    let openChar = '';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (open == null && (ch === '“' || ch === '"' || ch === '«')) {
        open = i;
        openChar = ch;
      } else if (open != null && ((openChar === '“' && ch === '”') || (openChar === '"' && ch === '"') || (openChar === '«' && ch === '»'))) {
        quotes.push({ start: p.start + open, end: p.start + i + 1, inner: { start: p.start + open + 1, end: p.start + i } });
        open = null;
      } else if (open != null && openChar === '“' && ch === '“') {
        open = i; // an unclosed quote that a new one replaces
      }
    }
    // A quote still open at the end of a paragraph continues in the next one (wire style).
    if (open != null && s.length - open > 10) quotes.push({ start: p.start + open, end: p.end, inner: { start: p.start + open + 1, end: p.end } });
  }
  return quotes;
}

const wordCount = (s: string) => (s.match(/[\p{L}\p{N}]+/gu) ?? []).length;

/** How far back a pronoun or a nominal looks for its antecedent, in characters. */
const NEAR_CHARS = 700;

/** Resolves an anaphor ("he", "the ministry", "it") to the actor it most likely names, before `at`. */
function resolveAnaphor(word: string, at: number, mentions: ActorMention[], speakers: { at: number; actor: ExtractedActor }[]): ExtractedActor | null {
  const w = word.toLowerCase();
  // Only mentions near enough count (below); a name is far shorter than 1,300 characters.
  const before = startingIn(mentions, at - NEAR_CHARS - 1300, at).filter((m) => m.end <= at).reverse();
  const recentSpeakers = speakers.filter((s) => s.at <= at).reverse();
  // People: the nearest fitting person named in the last few sentences, else the last fitting speaker
  // near enough. Institutions ("it", "the ministry"): the last fitting speaker first, as wire copy
  // keeps returning to its sources.
  const near = (pos: number) => at - pos < NEAR_CHARS;
  const personPick = (ok: (a: ExtractedActor) => boolean) => {
    // Whichever is later: a person named in the last few sentences, or a person who spoke.
    const mention = before.find((m) => near(m.end) && ok(m.actor));
    const speaker = recentSpeakers.find((s) => near(s.at) && ok(s.actor));
    const latest = mention && speaker ? (speaker.at > mention.end ? speaker.actor : mention.actor) : (mention?.actor ?? speaker?.actor);
    return latest ?? null;
  };
  const institutionPick = (ok: (a: ExtractedActor) => boolean) =>
    recentSpeakers.find((s) => near(s.at) && ok(s.actor))?.actor ?? before.find((m) => near(m.end) && ok(m.actor))?.actor ?? null;
  if (w === 'he' || w === 'she' || /spokes|president|minister|official|officer|commander|prosecutor/.test(w)) {
    const title = /spokes|president|minister|commander|prosecutor/.exec(w)?.[0];
    return personPick((a) => a.kind === 'PERSON' && (!title || (a.title ?? '').toLowerCase().includes(title))) ?? (title ? personPick((a) => a.kind === 'PERSON') : null);
  }
  if (/statement/.test(w)) return recentSpeakers.find((s) => near(s.at))?.actor ?? null;
  if (w === 'it') return institutionPick((a) => a.kind !== 'PERSON' && a.kind !== 'STATE') ?? institutionPick((a) => a.kind !== 'PERSON');
  if (/ministry/.test(w)) return institutionPick((a) => a.name.startsWith('Ministry'));
  if (/army|military/.test(w)) return institutionPick((a) => a.kind === 'MILITARY');
  if (/group|movement|militants|rebels/.test(w)) return institutionPick((a) => a.kind === 'ARMED_GROUP' || a.kind === 'ORGANIZATION');
  if (/agency|organi[sz]ation|committee|council|court|office|service|police|embassy/.test(w)) return institutionPick((a) => a.kind === 'ORGANIZATION' || a.kind === 'GOVERNMENT');
  if (/government|side|authorities/.test(w)) return institutionPick((a) => a.kind === 'STATE' || a.kind === 'GOVERNMENT');
  return null; // they, we, officials: more than one, or unknown
}

/** The actor a sentence opens with, when it opens with one: the subject of its verbs. */
function sentenceSubject(text: string, sentenceStart: number, before: number, mentions: ActorMention[]): ExtractedActor | undefined {
  const first = mentions.find((m) => m.start >= sentenceStart && m.end <= before);
  if (!first) return undefined;
  const lead = text.slice(sentenceStart, first.start);
  return /^(?:(?:the|a|an|[\p{Lu}][\p{L}’'-]*|on \w+|earlier|later|meanwhile|separately|in a statement|,)\s*){0,4}$/u.test(lead) && !/^\s*["“]/.test(lead) ? first.actor : undefined;
}

/**
 * Someone the text does not name ("a resident"): a speaker of its own, so that a later "he said"
 * goes to them (and so to no one) rather than to an earlier named person.
 */
export const UNNAMED_PERSON: ExtractedActor = { name: '(unnamed person)', kind: 'PERSON', countryCode: null, title: null, parent: null, aliases: [], mentions: [], confidence: 0 };

/** Unnamed people: a quote of "one survivor" or "a resident" has a speaker the text does not name. */
const UNNAMED = /(?:^|[^\p{L}])(?:one|a|an|another|two|three|several|some|many|the)?\s*(?:[\p{Ll}-]+\s+){0,2}(?:resident|residents|witness|witnesses|survivor|survivors|doctor|doctors|medic|medics|nurse|villager|villagers|man|woman|mother|father|relative|relatives|neighbou?r|shopkeeper|farmer|teacher|student|passer-by|eyewitness|volunteer|worker|aid worker|refugee|displaced person)(?:\s+(?:in|from|of|at|near|further|who)\b[^,"“”]{0,60})?$/u;

/** The actor named by the words that end at `end` (before a cue), or start at `start` (after one). */
function speakerBefore(text: string, from: number, end: number, mentions: ActorMention[], speakers: { at: number; actor: ExtractedActor }[]): ExtractedActor | null | undefined {
  // "It said that ... and noted that": the second verb shares the first one's subject.
  if (/\band\s*$/i.test(text.slice(from, end))) {
    const earlier = [...text.slice(from, end).matchAll(CUE)].at(-1);
    if (earlier) return speakerBefore(text, from, from + earlier.index, mentions, speakers);
  }
  const window = text.slice(from, end);
  const trimmed = window.replace(TRAILING_ADVERBS, '');
  const stop = from + trimmed.replace(/\s+$/, '').length;
  // "Grigoryan, the Security Council secretary, said": skip one appositive.
  const appositive = /,[^,"“”]{1,80},\s*$/.exec(text.slice(from, stop));
  if (UNNAMED.test(text.slice(Math.max(from, stop - 90), stop))) return UNNAMED_PERSON;
  const ROLE = /^(?:['’]s)?(?:\s*\([^)]{1,12}\))?\s+(?:(?:\p{Lu}\p{L}+\s+){0,2}(?:Command|Headquarters|Staff)|(?:[\p{Ll}-]+\s+){0,2}(?:spokes(?:man|woman|person)|officials?|statement|office|mission|embassy|delegation|envoy|representative|sources?|press service|press office|military statement))(?:\s+(?:to|at|in|for)\s+(?:the\s+)?[\p{L}.]+(?:\s+[\p{L}.]+)?)?$/u;
  const roleOf = startingIn(mentions, from, stop).find((m) => m.end < stop && stop - m.end < 60 && ROLE.test(text.slice(m.end, stop)));
  if (roleOf) return roleOf.actor;
  for (const candidateEnd of appositive ? [stop, from + appositive.index] : [stop]) {
    const mention = startingIn(mentions, from, candidateEnd).find((m) => m.end <= candidateEnd && candidateEnd - m.end <= 2);
    if (mention) return mention.actor;
    const anaphor = ANAPHORS.exec(text.slice(Math.max(from, candidateEnd - 60), candidateEnd));
    if (anaphor) return resolveAnaphor(anaphor[1], candidateEnd, mentions, speakers);
  }
  return undefined;
}

function speakerAfter(text: string, start: number, to: number, mentions: ActorMention[], speakers: { at: number; actor: ExtractedActor }[]): ExtractedActor | null | undefined {
  const lead = /^\s*(?:the\s+)?/.exec(text.slice(start, to))![0].length;
  const mention = mentions.find((m) => m.start >= start && m.start - start <= Math.max(lead, 1) + 60 && m.end <= to && !/[,.;"“”]/.test(text.slice(start, m.start).replace(/^\s*/, '').replace(/[\p{L}\s'’-]/gu, '')));
  if (mention) return mention.actor;
  const anaphor = /^\s*(he|she|it|they|the (?:\p{Ll}+ )?(?:ministry|army|military|group|agency|spokesman|spokeswoman|spokesperson|president|minister|official|statement))\b/iu.exec(text.slice(start, to));
  if (anaphor) return resolveAnaphor(anaphor[1], start, mentions, speakers);
  return undefined;
}

/**
 * Direct quotations with their speakers, then reported speech. A quote with no attribution in its
 * sentence continues the speaker of the paragraph (or of the previous paragraph, when the paragraph
 * is all quote); when nothing says who spoke, the speaker is null.
 */
export function findStatements(text: string, paragraphs: TextSpan[], sentencesOf: (p: TextSpan) => TextSpan[], mentions: ActorMention[]): ExtractedStatement[] {
  const statements: ExtractedStatement[] = [];
  const speakers: { at: number; actor: ExtractedActor }[] = [];
  const quotes = findQuotes(text, paragraphs);
  // Words inside a quotation are the speaker's, not the narrator's: they name no speaker.
  mentions = mentions.filter((m) => !quotes.some((q) => q.start <= m.start && m.end <= q.end));
  let previousParagraphSpeaker: ExtractedActor | null = null;

  for (const p of paragraphs) {
    const sentences = sentencesOf(p);
    const sentenceAt = (pos: number) => sentences.find((s) => s.start <= pos && pos < s.end) ?? p;
    let paragraphSpeaker: ExtractedActor | null = null;
    const inParagraph = quotes.filter((q) => q.start >= p.start && q.start < p.end);
    for (const [i, q] of inParagraph.entries()) {
      const inner = text.slice(q.inner.start, q.inner.end);
      // Titles, names and scare quotes are not statements: fewer than three words, or all capitalized.
      const words = inner.trim().split(/\s+/);
      if (words.length < 3 || words.every((w) => /^[\p{Lu}\d(]/u.test(w) || /^(of|the|and|for|in|on|de|al)$/.test(w))) continue;
      const sentenceStart = sentenceAt(q.start).start;
      const sentenceEnd = Math.max(sentenceAt(q.end - 1).end, q.end);
      const nextQuote = inParagraph[i + 1]?.start ?? p.end;
      const prevQuote = inParagraph[i - 1]?.end ?? p.start;
      let speaker: ExtractedActor | null | undefined;
      let cue: string | null = null;
      // After: ," the ministry said / ," said Armen Grigoryan / ," it added
      const after = text.slice(q.end, Math.min(nextQuote, sentenceEnd + 1));
      const postCue = POST_CUE.exec(after);
      if (postCue && postCue[1].trim().split(/\s+/).length <= 9) {
        const cueStart = q.end + postCue.index + postCue[0].length - postCue[2].length;
        cue = postCue[2].toLowerCase();
        speaker = postCue[1].trim()
          ? speakerBefore(text, q.end, cueStart, mentions, speakers)
          : speakerAfter(text, cueStart + postCue[2].length, Math.min(nextQuote, sentenceEnd), mentions, speakers);
        if (speaker === undefined && postCue[1].trim()) speaker = speakerAfter(text, cueStart + postCue[2].length, Math.min(nextQuote, sentenceEnd), mentions, speakers);
      }
      // Before, in the same sentence: the ministry said: "..." / Azerbaijani troops "...", it added (handled above)
      if (speaker === undefined) {
        let from = Math.max(sentenceStart, prevQuote);
        // '... was "relatively stable" and "under full control"': the cue is before the earlier quote.
        if (![...text.slice(from, q.start).matchAll(CUE)].length) from = sentenceStart;
        const before = text.slice(from, q.start).replace(/["“”«»]/g, ' ');
        const cues = [...before.matchAll(CUE)];
        const last = cues.at(-1);
        if (last) {
          const cueStart = from + last.index;
          cue = last[1].toLowerCase();
          const participle = /^(adding|saying|noting|calling|describing|warning)$/.test(cue);
          const main = participle ? cues.slice(0, -1).filter((c) => !/ing$/i.test(c[1])).at(-1) : undefined;
          speaker = main ? speakerBefore(text, from, from + main.index, mentions, speakers) : speakerBefore(text, from, cueStart, mentions, speakers);
          // "According to X": the speaker follows. After "told", the addressee does: never the speaker.
          if (speaker === undefined && cue === 'according to') speaker = speakerAfter(text, cueStart + last[0].length, q.start, mentions, speakers);
          // "Vucic spoke later in Belgrade to say ...", "Vucic condemned it, saying ...": the sentence's subject.
          if (speaker === undefined) speaker = sentenceSubject(text, sentenceStart, cueStart, mentions);
          if (participle && speaker === undefined) speaker = speakers.filter((x) => x.at <= q.start).at(-1)?.actor;
        }
      }
      let confidence = 0.9;
      if (speaker === undefined) {
        // No attribution in the sentence: the paragraph's speaker, or the last one when the paragraph is all quote.
        const allQuote = q.start - p.start <= 1;
        speaker = paragraphSpeaker ?? (allQuote ? previousParagraphSpeaker : null);
        cue = null;
        confidence = speaker ? 0.7 : 0.5;
      }
      const trimmedEnd = q.inner.end - (/[,]$/.test(inner) ? 1 : 0);
      const quote = text.slice(q.inner.start, trimmedEnd);
      statements.push({ quote, kind: 'DIRECT', cue, speaker: speaker ?? null, start: q.inner.start, end: trimmedEnd, confidence: speaker ? confidence : 0.5 });
      if (speaker) {
        paragraphSpeaker = speaker;
        speakers.push({ at: q.end, actor: speaker });
      }
    }

    // Reported speech, sentence by sentence.
    for (const s of sentences) {
      const sentence = text.slice(s.start, s.end);
      const reported = reportedSpeech(text, s, sentence, mentions, speakers, quotes);
      for (const r of reported) {
        statements.push(r);
        if (r.speaker) {
          paragraphSpeaker ??= r.speaker;
          speakers.push({ at: r.end, actor: r.speaker });
        }
      }
    }
    if (paragraphSpeaker) previousParagraphSpeaker = paragraphSpeaker;
    else if (inParagraph.length === 0) previousParagraphSpeaker = null;
  }
  for (const st of statements) {
    if (st.speaker === UNNAMED_PERSON) {
      st.speaker = null;
      st.confidence = 0.6;
    }
  }
  return statements.sort((a, b) => a.start - b.start || a.end - b.end);
}

const INDIRECT_CUES =
  'said|says|added|adding|noted|noting|stated|announced|warned|claimed|insisted|stressed|reported|confirmed|alleged|argued|acknowledged|admitted|told [\\p{L} ]{2,30}?';

function reportedSpeech(
  text: string,
  s: TextSpan,
  sentence: string,
  mentions: ActorMention[],
  speakers: { at: number; actor: ExtractedActor }[],
  quotes: Quote[],
): ExtractedStatement[] {
  const found: ExtractedStatement[] = [];
  const insideQuote = (pos: number) => quotes.some((q) => q.start <= pos && pos < q.end);
  const clauseEnd = (from: number) => {
    const rest = text.slice(from, s.end);
    const stop = new RegExp(`(?:,?\\s+and\\s+(?:${INDIRECT_CUES})\\b|["“«]|,\\s+(?:adding|saying|noting|according)\\b|,\\s+(?:the|a)\\s+[\\p{L} ]{0,40}(?:said|added)\\b|[.;!?]\\s*$|[.;!?]["”]?\\s)`, 'iu').exec(rest);
    let end = from + (stop ? stop.index : rest.length);
    while (end > from && /[\s,.;:]/.test(text[end - 1])) end--;
    return end;
  };
  // X said (that) CLAUSE / X told reporters (that) CLAUSE / ..., adding that CLAUSE
  const re = new RegExp(`\\b(${INDIRECT_CUES})\\s+(that\\s+)?`, 'giu');
  for (const m of sentence.matchAll(re)) {
    const cueStart = s.start + m.index;
    if (insideQuote(cueStart)) continue;
    const contentStart = cueStart + m[0].length;
    const next = text.slice(contentStart, contentStart + 2);
    if (/^["“«]/.test(next) || /^[,.:;]/.test(next)) continue; // a direct quote, or no clause
    const end = clauseEnd(contentStart);
    if (end <= contentStart) continue;
    const content = text.slice(contentStart, end);
    if (wordCount(content) < 3 || quotes.some((q) => q.start >= contentStart && q.start < end)) continue;
    // Needs a verb-like word to be a clause, not "said on Tuesday".
    if (!m[2] && !/\b(\p{L}+ed|is|are|was|were|will|would|had|has|have|could|can|must|should|did|does|do)\b/iu.test(content)) continue;
    let cue = m[1].toLowerCase().split(' ')[0];
    let speaker: ExtractedActor | null | undefined;
    if (cue === 'adding' || cue === 'noting') {
      // The speaker of the main clause: "the ministry said in a statement, adding that ..."
      const main = [...text.slice(s.start, cueStart).matchAll(/\b(said|says|told|stated|announced)\b/gi)].at(-1);
      speaker = main ? speakerBefore(text, s.start, s.start + main.index, mentions, speakers) ?? speakerAfter(text, s.start + main.index + main[0].length, cueStart, mentions, speakers) : undefined;
      speaker ??= speakers.filter((x) => x.at <= cueStart).at(-1)?.actor;
    } else {
      speaker = speakerBefore(text, s.start, cueStart, mentions, speakers) ?? sentenceSubject(text, s.start, cueStart, mentions);
    }
    if (speaker === undefined) continue; // no one named: not reported speech we can attribute
    found.push({ quote: content, kind: 'INDIRECT', cue, speaker, start: contentStart, end, confidence: speaker ? 0.7 : 0.4 });
    // "Both Armenia and Azerbaijan said ...": a statement of each.
    const own = speaker && mentions.filter((x) => x.actor === speaker && x.end <= cueStart && x.start >= s.start).at(-1);
    const partner = own && mentions.filter((x) => x.end <= own.start && x.start >= s.start && x.actor !== speaker).at(-1);
    if (partner && /^\s+and\s+$/.test(text.slice(partner.end, own.start))) {
      found.push({ quote: content, kind: 'INDIRECT', cue, speaker: partner.actor, start: contentStart, end, confidence: 0.6 });
    }
  }
  // CLAUSE, according to X.
  const according = /,\s+according to\s+/i.exec(sentence);
  if (according) {
    const at = s.start + according.index;
    const speaker = speakerAfter(text, at + according[0].length, s.end, mentions, speakers);
    let start = s.start;
    while (/["“\s]/.test(text[start])) start++;
    if (speaker && !insideQuote(at) && wordCount(text.slice(start, at)) >= 3 && !quotes.some((q) => q.start >= start && q.start < at)) {
      found.push({ quote: text.slice(start, at), kind: 'INDIRECT', cue: 'according to', speaker, start, end: at, confidence: 0.7 });
    }
  }
  // X accused Y of Z
  const accused = /\b(accused|accuses|blamed|blames)\s+/i.exec(sentence);
  if (accused) {
    const cueStart = s.start + accused.index;
    const speaker = speakerBefore(text, s.start, cueStart, mentions, speakers);
    const contentStart = cueStart + accused[0].length;
    const end = clauseEnd(contentStart);
    if (speaker && wordCount(text.slice(contentStart, end)) >= 3 && !insideQuote(cueStart)) {
      found.push({ quote: text.slice(contentStart, end), kind: 'INDIRECT', cue: accused[1].toLowerCase(), speaker, start: contentStart, end, confidence: 0.7 });
    }
  }
  return found;
}
