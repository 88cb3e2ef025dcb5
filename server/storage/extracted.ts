import { type ArticleMeta, type Extraction, EXTRACTOR_VERSION } from '../extraction/index.js';
import { ExtractionTimeoutError, extractOffThread } from '../extraction/pool.js';
import { extractionPool } from '../settings.js';
import { lockWrites, providerOf, WRITE_TRANSACTION, type Db } from './db.js';
import { LimitExceededError, ValidationError, type FieldIssue } from './errors.js';
import { lengthIssue, loneSurrogateIssues } from './text-limits.js';
import { alreadyStored, contentHash, ingestStructuredArticle, writeDerived, type IngestResult } from './ingest.js';
import { parseHeader } from '../extraction/header.js';
import { checkArticleSize, parseIsoDate, validateStructuredArticle, type StructuredArticle } from './article-input.js';

export interface RawArticle {
  /** The raw text: optionally a ` date YYYY-MM-DD` header, a title line, a dateline, then the body. */
  text: string;
  url?: string | null;
  title?: string | null;
  /** YYYY-MM-DD; wins over a date header in the text. */
  publishedAt?: string | null;
  source?: { name: string; domain?: string | null } | null;
  language?: string | null;
}

/**
 * What extraction found, as the structured input that storage writes. The stored body is the raw
 * text's body (header and dateline off), so every span moves by the body's offset.
 */
export function structuredFromExtraction(raw: string, x: Extraction, meta: Omit<RawArticle, 'text'> = {}): StructuredArticle {
  const at = x.bodyStart;
  const actors = new Map(x.actors.map((a) => [a.name, a]));
  const parentsToAdd = [...new Set(x.actors.map((a) => a.parent).filter((p): p is string => p != null && !actors.has(p)))];
  const statementRef = new Map(x.statements.map((s, i) => [s, `s${i}`]));
  const places = [...new Map(x.events.flatMap((e) => (e.place ? [[e.place.name, e.place] as const] : []))).values()];
  return {
    url: meta.url ?? null,
    title: meta.title ?? x.title,
    publishedAt: meta.publishedAt ?? x.publishedAt,
    dateline: x.dateline,
    body: raw.slice(x.bodyStart, x.bodyEnd),
    language: meta.language ?? 'en',
    source: meta.source ?? null,
    extractorVersion: x.extractorVersion,
    actors: [
      ...x.actors.map((a) => ({
        ref: a.name,
        name: a.name,
        kind: a.kind,
        countryCode: a.countryCode,
        title: a.title,
        parentRef: a.parent,
        aliases: a.aliases,
        mentions: a.mentions.map((m) => ({ start: m.start - at, end: m.end - at })),
      })),
      // A ministry's state is its parent even where the article does not name the state itself.
      ...parentsToAdd.map((name) => ({ ref: name, name, kind: 'STATE' as const, countryCode: x.actors.find((a) => a.parent === name)?.countryCode ?? null })),
    ],
    places: places.map((p) => ({
      ref: p.name,
      name: p.name,
      kind: p.kind,
      countryCode: p.countryCode,
      latitude: p.latitude,
      longitude: p.longitude,
      aliases: p.aliases,
    })),
    statements: x.statements.map((s) => ({
      ref: statementRef.get(s),
      speakerRef: s.speaker?.name ?? null,
      quote: s.quote,
      kind: s.kind,
      cue: s.cue,
      start: s.start - at,
      end: s.end - at,
      confidence: s.confidence,
    })),
    events: x.events.map((e, i) => ({
      ref: `e${i}`,
      type: e.type,
      summary: e.summary,
      date: e.date,
      datePrecision: e.datePrecision,
      placeRef: e.place?.name ?? null,
      fatalities: e.fatalities,
      injuries: e.injuries,
      status: e.status,
      confidence: e.confidence,
      participants: e.participants.map((p) => ({ actorRef: p.actor.name, role: p.role })),
      reports: [{ start: e.start - at, end: e.end - at, statementRef: e.statement ? statementRef.get(e.statement) : null }],
    })),
  };
}

function checkRaw(input: RawArticle): void {
  if (typeof input.text === 'string') checkArticleSize(input.text.length);
  const issues: FieldIssue[] = [];
  if (typeof input.text !== 'string' || input.text.trim() === '') issues.push({ field: 'input.text', problem: 'must not be empty' });
  else if (/\u0000/.test(input.text)) issues.push({ field: 'input.text', problem: 'contains NUL characters: binary data, not text' });
  issues.push(...loneSurrogateIssues(input, 'input'));
  for (const issue of [lengthIssue('input.url', input.url, 'url'), lengthIssue('input.source.name', input.source?.name, 'name'), lengthIssue('input.source.domain', input.source?.domain, 'url')]) {
    if (issue) issues.push(issue);
  }
  if (input.publishedAt != null && !parseIsoDate(input.publishedAt)) issues.push({ field: 'input.publishedAt', problem: `"${input.publishedAt}" is not a date of the form YYYY-MM-DD` });
  if (issues.length) throw new ValidationError(issues);
}

/**
 * Extracts and stores a raw article in one transaction. Events that other articles already reported
 * (same type, date within a day, a shared participant) get this article's report instead of a twin.
 */
export async function ingestText(db: Db, input: RawArticle): Promise<IngestResult> {
  checkRaw(input);
  // A text already stored is found by its body's hash before any extraction work.
  const header = parseHeader(input.text);
  const existing = await db.article.findUnique({ where: { contentHash: contentHash(input.text.slice(header.bodyStart, header.bodyEnd)) }, select: { id: true } });
  if (existing) return alreadyStored(existing.id);
  const extraction = await extract(input.text, { publishedAt: input.publishedAt, title: input.title });
  if (extraction.bodyEnd <= extraction.bodyStart) throw new ValidationError([{ field: 'input.text', problem: 'holds a header but no article body' }]);
  return ingestStructuredArticle(db, structuredFromExtraction(input.text, extraction, input), { mergeEvents: true, extracted: true });
}

const POOL = extractionPool();

/**
 * The most records one extracted article may add (statements, actor mentions, events). News has
 * hundreds; a megabyte of repeated "said X," has ninety thousand, whose write would hold a SQLite
 * server (its driver is synchronous) for tens of seconds.
 */
export const MAX_EXTRACTED_RECORDS = 10_000;

/** Extraction in a worker thread; an article over the time budget or the record limit is refused. */
async function extract(text: string, meta: ArticleMeta): Promise<Extraction> {
  let extraction: Extraction;
  try {
    extraction = await extractOffThread(text, meta, POOL);
  } catch (error) {
    if (!(error instanceof ExtractionTimeoutError)) throw error;
    throw new LimitExceededError('extractionTime', error.budgetMs, null, `Extracting this article took longer than ${error.budgetMs} ms (EXTRACTION_BUDGET_MS); it was not stored.`);
  }
  const records = extraction.statements.length + extraction.events.length + extraction.actors.reduce((n, a) => n + a.mentions.length, 0);
  if (records > MAX_EXTRACTED_RECORDS) {
    throw new LimitExceededError('extractedRecords', MAX_EXTRACTED_RECORDS, records, `This article gives ${records} statements, actor mentions and events; the limit is ${MAX_EXTRACTED_RECORDS}. It was not stored.`);
  }
  return extraction;
}

export interface ReextractResult {
  articles: number;
  statementsKept: number;
  /** Articles over the extraction budget or the records limit: left as their older extractor made them. */
  skipped: { articleId: number; limit: string }[];
}

/**
 * Re-extracts the stored articles that an older extractor produced and replaces what was derived
 * from them, one transaction per article. Corrections made through the API stay: actors are never
 * deleted or renamed here (merges and edits live on them), and statements a user corrected are kept.
 */
export async function reextractArticles(db: Db, options: { all?: boolean; onArticle?: (id: number) => void } = {}): Promise<ReextractResult> {
  const result: ReextractResult = { articles: 0, statementsKept: 0, skipped: [] };
  for (let after = 0; ; ) {
    const batch = await db.article.findMany({
      where: { id: { gt: after }, extractorVersion: options.all ? { not: 'manual' } : { notIn: ['manual', EXTRACTOR_VERSION] } },
      orderBy: { id: 'asc' },
      take: 50,
      select: { id: true, body: true, publishedAt: true, title: true },
    });
    if (batch.length === 0) return result;
    for (const article of batch) {
      after = article.id;
      let extraction: Extraction;
      try {
        extraction = await extract(article.body, { publishedAt: article.publishedAt?.toISOString().slice(0, 10) ?? null, title: article.title, bodyOnly: true });
      } catch (error) {
        // One article over a limit does not stop the others; the caller hears which.
        if (!(error instanceof LimitExceededError)) throw error;
        result.skipped.push({ articleId: article.id, limit: error.limit });
        continue;
      }
      const structured = structuredFromExtraction(article.body, extraction);
      // The same guard as an ingest: every span must point at its text in the stored body.
      const issues = validateStructuredArticle(structured);
      if (issues.length) throw new ValidationError(issues);
      await db.$transaction(
        async (tx) => {
          await lockWrites(tx, providerOf(db));
          const corrected = await tx.statement.findMany({ where: { articleId: article.id, correctedAt: { not: null } }, select: { id: true, start: true, end: true } });
          const eventIds = (await tx.eventReport.findMany({ where: { articleId: article.id }, select: { eventId: true } })).map((r) => r.eventId);
          await tx.eventReport.deleteMany({ where: { articleId: article.id } });
          await tx.actorMention.deleteMany({ where: { articleId: article.id } });
          await tx.statement.deleteMany({ where: { articleId: article.id, correctedAt: null } });
          await tx.event.deleteMany({ where: { id: { in: eventIds }, reports: { none: {} } } });
          await writeDerived(tx, article.id, structured, { mergeEvents: true, extracted: true, keepStatementSpans: corrected, provider: providerOf(db) });
          await tx.article.update({ where: { id: article.id }, data: { extractorVersion: extraction.extractorVersion } });
          result.statementsKept += corrected.length;
        },
        WRITE_TRANSACTION,
      );
      result.articles += 1;
      options.onArticle?.(article.id);
    }
  }
}
