import { LimitExceededError, type FieldIssue } from './errors.js';
import { maxArticleChars } from '../settings.js';
import { lengthIssue, loneSurrogateIssues } from './text-limits.js';

export const ACTOR_KINDS = ['STATE', 'GOVERNMENT', 'MILITARY', 'PERSON', 'ORGANIZATION', 'ARMED_GROUP', 'MEDIA', 'OTHER'] as const;
export const PLACE_KINDS = ['COUNTRY', 'REGION', 'DISTRICT', 'CITY', 'SITE', 'OTHER'] as const;
export const STATEMENT_KINDS = ['DIRECT', 'INDIRECT', 'MIXED'] as const;
export const EVENT_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE',
  'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'OTHER',
] as const;
export const DATE_PRECISIONS = ['DAY', 'MONTH', 'YEAR', 'UNKNOWN'] as const;
export const EVENT_STATUSES = ['REPORTED', 'ALLEGED', 'DENIED'] as const;
export const PARTICIPANT_ROLES = ['SOURCE', 'TARGET', 'OTHER'] as const;

export type ActorKind = (typeof ACTOR_KINDS)[number];
export type PlaceKind = (typeof PLACE_KINDS)[number];
export type StatementKind = (typeof STATEMENT_KINDS)[number];
export type EventType = (typeof EVENT_TYPES)[number];
export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export type EventStatus = (typeof EVENT_STATUSES)[number];
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** Largest body accepted, in UTF-16 code units (the unit of every span). */
/** The longest article body or raw text accepted, in characters (MAX_ARTICLE_CHARS; 1,000,000 by default). */
export const MAX_BODY_LENGTH = maxArticleChars();

/** Throws LimitExceededError when an article is over MAX_BODY_LENGTH; checked before anything else. */
export function checkArticleSize(length: number): void {
  if (length > MAX_BODY_LENGTH) {
    throw new LimitExceededError('articleSize', MAX_BODY_LENGTH, length, `The article is ${length} characters long; the limit is ${MAX_BODY_LENGTH} (MAX_ARTICLE_CHARS).`);
  }
}

export interface SpanInput {
  start: number;
  end: number;
  /** When given, must equal body[start, end): a guard against offsets computed on other text. */
  text?: string | null;
}

export interface ActorInput {
  /** Local name of this actor inside the input, used by the other items to point at it. */
  ref: string;
  name: string;
  kind: ActorKind;
  countryCode?: string | null;
  title?: string | null;
  parentRef?: string | null;
  aliases?: string[] | null;
  mentions?: SpanInput[] | null;
}

export interface PlaceInput {
  ref: string;
  name: string;
  kind: PlaceKind;
  countryCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  parentRef?: string | null;
  aliases?: string[] | null;
}

export interface StatementInput {
  ref?: string | null;
  speakerRef?: string | null;
  quote: string;
  kind: StatementKind;
  cue?: string | null;
  start: number;
  end: number;
  confidence?: number | null;
  eventRef?: string | null;
}

export interface EventInput {
  ref?: string | null;
  type: EventType;
  summary: string;
  /** YYYY-MM-DD; for MONTH and YEAR precision, the first day of the period. */
  date?: string | null;
  datePrecision?: DatePrecision | null;
  placeRef?: string | null;
  fatalities?: number | null;
  injuries?: number | null;
  status?: EventStatus | null;
  confidence?: number | null;
  participants?: { actorRef: string; role: ParticipantRole }[] | null;
  reports?: (SpanInput & { statementRef?: string | null })[] | null;
}

/** An article with everything derived from it, given explicitly. */
export interface StructuredArticle {
  url?: string | null;
  title?: string | null;
  /** YYYY-MM-DD */
  publishedAt?: string | null;
  dateline?: string | null;
  body: string;
  language?: string | null;
  source?: { name: string; domain?: string | null } | null;
  extractorVersion?: string | null;
  actors?: ActorInput[] | null;
  places?: PlaceInput[] | null;
  statements?: StatementInput[] | null;
  events?: EventInput[] | null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD into UTC midnight, or returns null when it is not a real calendar day. */
export function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text ? date : null;
}

/**
 * Whether following parentRef from `item` inside the input comes back to it. Each step visits a new
 * item or stops, so the walk ends after at most as many steps as there are items.
 */
function inCycle(items: { ref: string; parentRef?: string | null }[], item: { ref: string; parentRef?: string | null }): boolean {
  const byRef = new Map(items.map((i) => [i.ref, i]));
  const seen = new Set<string>();
  for (let at = item.parentRef; at != null && !seen.has(at); at = byRef.get(at)?.parentRef) {
    if (at === item.ref) return true;
    seen.add(at);
  }
  return false;
}

/**
 * Every problem of a structured article, each naming its field. Pure: the database is not asked,
 * so that a rejected ingest has written nothing.
 */
export function validateStructuredArticle(input: StructuredArticle, root = 'input'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const problem = (field: string, text: string) => issues.push({ field: `${root}.${field}`, problem: text });
  const body = input.body ?? '';
  // Checked first: a span into a body with half a character would be measured differently on read.
  issues.push(...loneSurrogateIssues(input, root));
  const checkLength = (field: string, text: string | null | undefined, kind: 'name' | 'url') => {
    const issue = lengthIssue(`${root}.${field}`, text, kind);
    if (issue) issues.push(issue);
  };
  checkLength('url', input.url, 'url');
  checkLength('source.name', input.source?.name, 'name');
  checkLength('source.domain', input.source?.domain, 'url');

  if (typeof input.body !== 'string' || input.body.trim() === '') problem('body', 'must not be empty');
  if (input.publishedAt != null && !parseIsoDate(input.publishedAt)) problem('publishedAt', `"${input.publishedAt}" is not a date of the form YYYY-MM-DD`);
  if (input.url != null) {
    try {
      const url = new URL(input.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') problem('url', 'must be an http or https URL');
    } catch {
      problem('url', `"${input.url}" is not a URL`);
    }
  }
  if (input.title != null && input.title.length > 1000) problem('title', 'is longer than 1000 characters');
  if (input.source != null && !input.source.name?.trim()) problem('source.name', 'must not be empty');
  if (input.language != null && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(input.language)) problem('language', `"${input.language}" is not a language tag such as "en"`);

  const checkSpan = (field: string, start: number, end: number, text?: string | null) => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > body.length || start >= end) {
      problem(field, `span [${start}, ${end}) is not inside the body (length ${body.length}) or is empty`);
      return;
    }
    if (text != null && body.slice(start, end) !== text) {
      problem(field, `text "${text}" does not match the body at [${start}, ${end}), which reads "${body.slice(start, end)}"`);
    }
  };
  const checkCountry = (field: string, code?: string | null) => {
    if (code != null && !/^[A-Z]{3}$/.test(code)) problem(field, `"${code}" is not an ISO 3166-1 alpha-3 code (three capital letters)`);
  };
  const checkConfidence = (field: string, value?: number | null) => {
    if (value != null && !(value >= 0 && value <= 1)) problem(field, 'must be between 0 and 1');
  };
  const collectRefs = (list: { ref?: string | null }[], field: string) => {
    const refs = new Set<string>();
    list.forEach((item, i) => {
      if (item.ref == null) return;
      if (!item.ref.trim()) problem(`${field}[${i}].ref`, 'must not be empty');
      if (refs.has(item.ref)) problem(`${field}[${i}].ref`, `"${item.ref}" is used twice`);
      refs.add(item.ref);
    });
    return refs;
  };
  const actors = input.actors ?? [];
  const places = input.places ?? [];
  const statements = input.statements ?? [];
  const events = input.events ?? [];
  const actorRefs = collectRefs(actors, 'actors');
  const placeRefs = collectRefs(places, 'places');
  const statementRefs = collectRefs(statements, 'statements');
  const eventRefs = collectRefs(events, 'events');
  const mustExist = (field: string, ref: string | null | undefined, refs: Set<string>, what: string) => {
    if (ref != null && !refs.has(ref)) problem(field, `no ${what} with ref "${ref}" in this input`);
  };

  actors.forEach((a, i) => {
    const at = `actors[${i}]`;
    if (!a.name?.trim()) problem(`${at}.name`, 'must not be empty');
    if (!ACTOR_KINDS.includes(a.kind)) problem(`${at}.kind`, `"${a.kind}" is not one of ${ACTOR_KINDS.join(', ')}`);
    checkCountry(`${at}.countryCode`, a.countryCode);
    mustExist(`${at}.parentRef`, a.parentRef, actorRefs, 'actor');
    if (a.parentRef != null && a.parentRef === a.ref) problem(`${at}.parentRef`, 'an actor cannot be its own parent');
    else if (inCycle(actors, a)) problem(`${at}.parentRef`, 'makes a cycle of parents: the actor would be its own ancestor');
    checkLength(`${at}.name`, a.name, 'name');
    (a.aliases ?? []).forEach((alias, j) => {
      if (!alias.trim()) problem(`${at}.aliases[${j}]`, 'must not be empty');
      checkLength(`${at}.aliases[${j}]`, alias, 'name');
    });
    (a.mentions ?? []).forEach((m, j) => checkSpan(`${at}.mentions[${j}]`, m.start, m.end, m.text));
  });
  places.forEach((p, i) => {
    const at = `places[${i}]`;
    if (!p.name?.trim()) problem(`${at}.name`, 'must not be empty');
    if (!PLACE_KINDS.includes(p.kind)) problem(`${at}.kind`, `"${p.kind}" is not one of ${PLACE_KINDS.join(', ')}`);
    checkCountry(`${at}.countryCode`, p.countryCode);
    mustExist(`${at}.parentRef`, p.parentRef, placeRefs, 'place');
    if (p.parentRef != null && p.parentRef === p.ref) problem(`${at}.parentRef`, 'a place cannot be its own parent');
    else if (inCycle(places, p)) problem(`${at}.parentRef`, 'makes a cycle of parents: the place would be inside itself');
    checkLength(`${at}.name`, p.name, 'name');
    (p.aliases ?? []).forEach((alias, j) => {
      checkLength(`${at}.aliases[${j}]`, alias, 'name');
    });
    if (p.latitude != null && !(p.latitude >= -90 && p.latitude <= 90)) problem(`${at}.latitude`, 'must be between -90 and 90');
    if (p.longitude != null && !(p.longitude >= -180 && p.longitude <= 180)) problem(`${at}.longitude`, 'must be between -180 and 180');
  });
  statements.forEach((s, i) => {
    const at = `statements[${i}]`;
    if (!STATEMENT_KINDS.includes(s.kind)) problem(`${at}.kind`, `"${s.kind}" is not one of ${STATEMENT_KINDS.join(', ')}`);
    if (!s.quote?.trim()) problem(`${at}.quote`, 'must not be empty');
    checkSpan(`${at}`, s.start, s.end, s.quote);
    mustExist(`${at}.speakerRef`, s.speakerRef, actorRefs, 'actor');
    mustExist(`${at}.eventRef`, s.eventRef, eventRefs, 'event');
    checkConfidence(`${at}.confidence`, s.confidence);
  });
  events.forEach((e, i) => {
    const at = `events[${i}]`;
    if (!EVENT_TYPES.includes(e.type)) problem(`${at}.type`, `"${e.type}" is not one of ${EVENT_TYPES.join(', ')}`);
    if (!e.summary?.trim()) problem(`${at}.summary`, 'must not be empty');
    if (e.date != null && !parseIsoDate(e.date)) problem(`${at}.date`, `"${e.date}" is not a date of the form YYYY-MM-DD`);
    if (e.date == null && e.datePrecision != null && e.datePrecision !== 'UNKNOWN') problem(`${at}.datePrecision`, `is ${e.datePrecision} but no date is given`);
    if (e.date != null && e.datePrecision === 'UNKNOWN') problem(`${at}.datePrecision`, 'is UNKNOWN but a date is given');
    mustExist(`${at}.placeRef`, e.placeRef, placeRefs, 'place');
    for (const key of ['fatalities', 'injuries'] as const) {
      const n = e[key];
      if (n != null && !(Number.isInteger(n) && n >= 0)) problem(`${at}.${key}`, 'must be a whole number, zero or more');
    }
    checkConfidence(`${at}.confidence`, e.confidence);
    const seen = new Set<string>();
    (e.participants ?? []).forEach((p, j) => {
      mustExist(`${at}.participants[${j}].actorRef`, p.actorRef, actorRefs, 'actor');
      const key = `${p.actorRef}/${p.role}`;
      if (seen.has(key)) problem(`${at}.participants[${j}]`, `actor "${p.actorRef}" is listed twice as ${p.role}`);
      seen.add(key);
    });
    (e.reports ?? []).forEach((r, j) => {
      checkSpan(`${at}.reports[${j}]`, r.start, r.end, r.text);
      mustExist(`${at}.reports[${j}].statementRef`, r.statementRef, statementRefs, 'statement');
    });
  });
  return issues;
}
