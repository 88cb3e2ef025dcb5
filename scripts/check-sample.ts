// Checks the hand-made structured version of the sample article against the article text.
//
//   npx tsx scripts/check-sample.ts [path/to/sample.json]
//
// BODY = file text from article.bodyStart, with trailing whitespace trimmed (what ingestArticle stores).
// Every span (mention, statement, report) must be exact in BODY, with `end` exclusive and offsets in
// UTF-16 code units (JavaScript string indices). Prints a summary; exits 1 on any error.
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const jsonPath = resolve(process.argv[2] ?? resolve(here, '../prisma/sample/2021-11-17-baku-border-clashes.json'));

const ACTOR_KINDS = ['STATE', 'GOVERNMENT', 'MILITARY', 'PERSON', 'ORGANIZATION', 'ARMED_GROUP', 'MEDIA', 'OTHER'];
const PLACE_KINDS = ['COUNTRY', 'REGION', 'DISTRICT', 'CITY', 'SITE', 'OTHER'];
const STATEMENT_KINDS = ['DIRECT', 'INDIRECT', 'MIXED'];
const EVENT_TYPES = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE',
  'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'OTHER'];
const DATE_PRECISIONS = ['DAY', 'MONTH', 'YEAR', 'UNKNOWN'];
const EVENT_STATUSES = ['REPORTED', 'ALLEGED', 'DENIED'];
const ROLES = ['SOURCE', 'TARGET', 'OTHER'];

const errors: string[] = [];
const err = (where: string, msg: string) => errors.push(`${where}: ${msg}`);

type Json = Record<string, any>;

function keys(where: string, o: unknown, required: string[], optional: string[] = []): o is Json {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    err(where, 'expected an object');
    return false;
  }
  for (const k of required) if (!(k in o)) err(where, `missing field "${k}"`);
  for (const k of Object.keys(o)) if (!required.includes(k) && !optional.includes(k)) err(where, `unexpected field "${k}"`);
  return true;
}
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
function str(where: string, v: unknown, nullable = false) {
  if (v === null && nullable) return;
  if (!isStr(v)) err(where, `expected a non-empty string${nullable ? ' or null' : ''}, got ${JSON.stringify(v)}`);
}
function oneOf(where: string, v: unknown, allowed: string[], nullable = false) {
  if (v === null && nullable) return;
  if (typeof v !== 'string' || !allowed.includes(v)) err(where, `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
}
function num(where: string, v: unknown, opts: { min?: number; max?: number; int?: boolean; nullable?: boolean }) {
  if (v === null && opts.nullable) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) return err(where, `expected a number, got ${JSON.stringify(v)}`);
  if (opts.int && !Number.isInteger(v)) err(where, `expected an integer, got ${v}`);
  if (opts.min !== undefined && v < opts.min) err(where, `${v} < ${opts.min}`);
  if (opts.max !== undefined && v > opts.max) err(where, `${v} > ${opts.max}`);
}
function isoDate(where: string, v: unknown): Date | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    err(where, `expected YYYY-MM-DD, got ${JSON.stringify(v)}`);
    return null;
  }
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    err(where, `not a real calendar date: ${v}`);
    return null;
  }
  return d;
}
function array(where: string, v: unknown, nonEmpty = false): any[] {
  if (!Array.isArray(v)) {
    err(where, 'expected an array');
    return [];
  }
  if (nonEmpty && v.length === 0) err(where, 'expected at least one item');
  return v;
}
// What alias matching would compare: case, apostrophe style and spacing do not make a new alias.
const normalize = (s: string) => s.normalize('NFKC').replace(/[\u2018\u2019\u02BC]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();

let body = '';
function span(where: string, o: Json, textField: string) {
  const { start, end } = o;
  num(`${where}.start`, start, { int: true, min: 0 });
  num(`${where}.end`, end, { int: true, min: 0, max: body.length });
  if (!Number.isInteger(start) || !Number.isInteger(end)) return;
  if (end <= start) return err(where, `empty or reversed span [${start}, ${end})`);
  const actual = body.slice(start, end);
  if (actual !== o[textField]) err(where, `${textField} ${JSON.stringify(o[textField])} != BODY.slice(${start}, ${end}) = ${JSON.stringify(actual)}`);
  if (actual !== actual.trim()) err(where, `span has leading or trailing whitespace: ${JSON.stringify(actual)}`);
}
function uniqueRefs(what: string, items: any[]): Set<string> {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    const ref = it?.ref;
    if (!isStr(ref)) return err(`${what}[${i}]`, 'missing ref');
    if (seen.has(ref)) err(`${what}[${i}]`, `duplicate ref "${ref}"`);
    seen.add(ref);
  });
  return seen;
}
function noParentCycles(what: string, items: any[]) {
  const parent = new Map<string, string | null>(items.map((it) => [it.ref, it.parentRef ?? null]));
  for (const it of items) {
    const seen = new Set<string>();
    for (let r: string | null | undefined = it.ref; r; r = parent.get(r)) {
      if (seen.has(r)) {
        err(`${what} ${it.ref}`, 'parentRef chain has a cycle');
        break;
      }
      seen.add(r);
    }
  }
}

// ---- load ----
let data: Json;
try {
  data = JSON.parse(readFileSync(jsonPath, 'utf8'));
} catch (e) {
  console.error(`cannot read ${jsonPath}: ${(e as Error).message}`);
  process.exit(1);
}
keys('root', data, ['file', 'article', 'actors', 'places', 'statements', 'events']);
str('file', data.file);
let raw = '';
try {
  if (isStr(data.file) && basename(data.file) !== data.file) err('file', 'must be a bare file name next to the JSON file');
  raw = readFileSync(resolve(dirname(jsonPath), String(data.file)), 'utf8');
} catch (e) {
  err('file', `cannot read the article text: ${(e as Error).message}`);
}

// ---- article ----
const art = data.article;
if (keys('article', art, ['title', 'publishedAt', 'dateline', 'language', 'url', 'source', 'bodyStart'])) {
  str('article.title', art.title, true);
  const published = isoDate('article.publishedAt', art.publishedAt);
  str('article.dateline', art.dateline, true);
  if (typeof art.language !== 'string' || !/^[a-z]{2,3}$/.test(art.language)) err('article.language', `expected an ISO 639 code, got ${JSON.stringify(art.language)}`);
  str('article.url', art.url, true);
  if (art.source !== null && keys('article.source', art.source, ['name', 'domain'])) {
    str('article.source.name', art.source.name);
    str('article.source.domain', art.source.domain, true);
  }
  num('article.bodyStart', art.bodyStart, { int: true, min: 0, max: raw.length });
  if (raw && Number.isInteger(art.bodyStart)) {
    const header = raw.slice(0, art.bodyStart);
    body = raw.slice(art.bodyStart).trimEnd();
    if (!body) err('article.bodyStart', 'BODY is empty');
    if (/^\s/.test(body)) err('article.bodyStart', `BODY starts with whitespace: bodyStart is too early`);
    if (isStr(art.dateline) && !header.endsWith(`${art.dateline}: `)) err('article.bodyStart', `the text before BODY does not end with the dateline "${art.dateline}: ": ${JSON.stringify(header)}`);
    if (published && !header.includes(`date ${art.publishedAt}`)) err('article.publishedAt', `header ${JSON.stringify(header)} does not carry date ${art.publishedAt}`);
  }
}

// ---- actors ----
const actors = array('actors', data.actors, true);
const actorRefs = uniqueRefs('actors', actors);
let mentionCount = 0;
const mentionSpans: { actor: string; start: number; end: number }[] = [];
actors.forEach((a, i) => {
  const w = `actors[${i}] ${a?.ref ?? ''}`;
  if (!keys(w, a, ['ref', 'name', 'kind', 'countryCode', 'title', 'parentRef', 'aliases', 'mentions'])) return;
  str(`${w}.name`, a.name);
  oneOf(`${w}.kind`, a.kind, ACTOR_KINDS);
  if (a.countryCode !== null && !(typeof a.countryCode === 'string' && /^[A-Z]{3}$/.test(a.countryCode))) err(`${w}.countryCode`, `expected ISO 3166-1 alpha-3 or null, got ${JSON.stringify(a.countryCode)}`);
  str(`${w}.title`, a.title, true);
  if (a.title !== null && a.kind !== 'PERSON') err(`${w}.title`, 'only persons have a title');
  if (a.parentRef !== null) {
    if (!actorRefs.has(a.parentRef)) err(`${w}.parentRef`, `unknown actor "${a.parentRef}"`);
    if (a.parentRef === a.ref) err(`${w}.parentRef`, 'an actor cannot be its own parent');
  }
  const aliases = array(`${w}.aliases`, a.aliases, true);
  const seen = new Set<string>();
  aliases.forEach((al, j) => {
    str(`${w}.aliases[${j}]`, al);
    if (!isStr(al)) return;
    const n = normalize(al);
    if (seen.has(n)) err(`${w}.aliases[${j}]`, `duplicate alias after normalisation: ${JSON.stringify(al)}`);
    seen.add(n);
  });
  if (isStr(a.name) && !seen.has(normalize(a.name))) err(`${w}.aliases`, 'the canonical name should also be an alias');
  array(`${w}.mentions`, a.mentions).forEach((m, j) => {
    const mw = `${w}.mentions[${j}]`;
    if (!keys(mw, m, ['start', 'end', 'text'])) return;
    str(`${mw}.text`, m.text);
    span(mw, m, 'text');
    mentionCount++;
    mentionSpans.push({ actor: a.ref, start: m.start, end: m.end });
  });
});
noParentCycles('actor', actors);
// A piece of text is one mention of one actor: no duplicate or overlapping mention spans.
mentionSpans.sort((x, y) => x.start - y.start || x.end - y.end);
for (let i = 1; i < mentionSpans.length; i++) {
  const p = mentionSpans[i - 1], q = mentionSpans[i];
  if (q.start < p.end) err('mentions', `[${p.start},${p.end}) of ${p.actor} overlaps [${q.start},${q.end}) of ${q.actor}`);
}

// ---- places ----
const places = array('places', data.places);
const placeRefs = uniqueRefs('places', places);
places.forEach((p, i) => {
  const w = `places[${i}] ${p?.ref ?? ''}`;
  if (!keys(w, p, ['ref', 'name', 'kind', 'countryCode', 'latitude', 'longitude', 'parentRef', 'aliases'])) return;
  str(`${w}.name`, p.name);
  oneOf(`${w}.kind`, p.kind, PLACE_KINDS);
  if (p.countryCode !== null && !(typeof p.countryCode === 'string' && /^[A-Z]{3}$/.test(p.countryCode))) err(`${w}.countryCode`, `expected ISO 3166-1 alpha-3 or null, got ${JSON.stringify(p.countryCode)}`);
  num(`${w}.latitude`, p.latitude, { min: -90, max: 90, nullable: true });
  num(`${w}.longitude`, p.longitude, { min: -180, max: 180, nullable: true });
  if ((p.latitude === null) !== (p.longitude === null)) err(w, 'latitude and longitude must both be set or both be null');
  if (p.parentRef !== null && !placeRefs.has(p.parentRef)) err(`${w}.parentRef`, `unknown place "${p.parentRef}"`);
  const seen = new Set<string>();
  array(`${w}.aliases`, p.aliases, true).forEach((al, j) => {
    str(`${w}.aliases[${j}]`, al);
    if (!isStr(al)) return;
    if (seen.has(normalize(al))) err(`${w}.aliases[${j}]`, `duplicate alias after normalisation: ${JSON.stringify(al)}`);
    seen.add(normalize(al));
  });
  if (isStr(p.name) && !seen.has(normalize(p.name))) err(`${w}.aliases`, 'the canonical name should also be an alias');
});
noParentCycles('place', places);

// ---- statements ----
const statements = array('statements', data.statements);
const statementRefs = uniqueRefs('statements', statements);
const events = array('events', data.events);
const eventRefs = uniqueRefs('events', events);
const byKind: Record<string, number> = {};
// Regions of BODY between a pair of straight or curly double quotes.
const quoted: [number, number][] = [];
for (const m of body.matchAll(/["\u201C]([^"\u201C\u201D]*)["\u201D]/g)) quoted.push([m.index! + 1, m.index! + 1 + m[1].length]);
const statementSpeaker = new Map<string, string | null>();
statements.forEach((s, i) => {
  const w = `statements[${i}] ${s?.ref ?? ''}`;
  if (!keys(w, s, ['ref', 'speakerRef', 'quote', 'kind', 'cue', 'start', 'end', 'confidence', 'eventRef'])) return;
  if (s.speakerRef !== null && !actorRefs.has(s.speakerRef)) err(`${w}.speakerRef`, `unknown actor "${s.speakerRef}"`);
  statementSpeaker.set(s.ref, s.speakerRef);
  str(`${w}.quote`, s.quote);
  oneOf(`${w}.kind`, s.kind, STATEMENT_KINDS);
  byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
  str(`${w}.cue`, s.cue, true);
  span(w, s, 'quote');
  num(`${w}.confidence`, s.confidence, { min: 0, max: 1 });
  if (s.eventRef !== null && !eventRefs.has(s.eventRef)) err(`${w}.eventRef`, `unknown event "${s.eventRef}"`);
  // A DIRECT statement is the speaker's own words: its span lies inside one pair of quotation marks.
  if (s.kind === 'DIRECT' && Number.isInteger(s.start) && !quoted.some(([qs, qe]) => s.start >= qs && s.end <= qe)) err(w, 'DIRECT statement span is not inside quotation marks');
  if (s.kind === 'INDIRECT' && typeof s.quote === 'string' && /["\u201C\u201D]/.test(s.quote)) err(w, 'INDIRECT statement contains quotation marks (MIXED?)');
});
// Two statements with the same span must have different speakers.
const statementKeys = new Set<string>();
for (const s of statements) {
  const k = `${s?.start}:${s?.end}:${s?.speakerRef}`;
  if (statementKeys.has(k)) err(`statement ${s.ref}`, 'same span and speaker as another statement');
  statementKeys.add(k);
}

// ---- events ----
let participantCount = 0, reportCount = 0;
events.forEach((e, i) => {
  const w = `events[${i}] ${e?.ref ?? ''}`;
  if (!keys(w, e, ['ref', 'type', 'summary', 'date', 'datePrecision', 'placeRef', 'fatalities', 'injuries', 'status', 'confidence', 'participants', 'reports'], ['note'])) return;
  oneOf(`${w}.type`, e.type, EVENT_TYPES);
  str(`${w}.summary`, e.summary);
  oneOf(`${w}.datePrecision`, e.datePrecision, DATE_PRECISIONS);
  if (e.date === null) {
    if (e.datePrecision !== 'UNKNOWN') err(`${w}.date`, `null date needs datePrecision UNKNOWN, not ${e.datePrecision}`);
  } else if (isoDate(`${w}.date`, e.date)) {
    if (e.datePrecision === 'UNKNOWN') err(`${w}.datePrecision`, 'a dated event cannot have precision UNKNOWN');
    if (e.datePrecision === 'MONTH' && !e.date.endsWith('-01')) err(`${w}.date`, 'MONTH precision: use the first day of the month');
    if (e.datePrecision === 'YEAR' && !e.date.endsWith('-01-01')) err(`${w}.date`, 'YEAR precision: use January 1');
    if (typeof art?.publishedAt === 'string' && e.date > art.publishedAt) err(`${w}.date`, `after the article's publication date ${art.publishedAt}`);
  }
  if (e.placeRef !== null && !placeRefs.has(e.placeRef)) err(`${w}.placeRef`, `unknown place "${e.placeRef}"`);
  num(`${w}.fatalities`, e.fatalities, { int: true, min: 0, nullable: true });
  num(`${w}.injuries`, e.injuries, { int: true, min: 0, nullable: true });
  oneOf(`${w}.status`, e.status, EVENT_STATUSES);
  num(`${w}.confidence`, e.confidence, { min: 0, max: 1 });
  if ('note' in e) str(`${w}.note`, e.note);
  const triples = new Set<string>();
  array(`${w}.participants`, e.participants).forEach((p, j) => {
    const pw = `${w}.participants[${j}]`;
    if (!keys(pw, p, ['actorRef', 'role'])) return;
    if (!actorRefs.has(p.actorRef)) err(`${pw}.actorRef`, `unknown actor "${p.actorRef}"`);
    oneOf(`${pw}.role`, p.role, ROLES);
    const k = `${p.actorRef}/${p.role}`;
    if (triples.has(k)) err(pw, `duplicate participant ${k}`);
    triples.add(k);
    participantCount++;
  });
  const reportKeys = new Set<string>();
  array(`${w}.reports`, e.reports, true).forEach((r, j) => {
    const rw = `${w}.reports[${j}]`;
    if (!keys(rw, r, ['start', 'end', 'text', 'statementRef'])) return;
    str(`${rw}.text`, r.text);
    span(rw, r, 'text');
    if (r.statementRef !== null) {
      if (!statementRefs.has(r.statementRef)) err(`${rw}.statementRef`, `unknown statement "${r.statementRef}"`);
      const s = statements.find((x) => x?.ref === r.statementRef);
      // The report is the evidence for the claim, so it must contain the statement it links to.
      if (s && Number.isInteger(r.start) && !(s.start >= r.start && s.end <= r.end)) err(rw, `span [${r.start},${r.end}) does not contain statement ${s.ref} [${s.start},${s.end})`);
    }
    const k = `${r.start}:${r.end}:${r.statementRef}`;
    if (reportKeys.has(k)) err(rw, 'duplicate report');
    reportKeys.add(k);
    reportCount++;
  });
});

// ---- summary ----
const kinds = STATEMENT_KINDS.map((k) => `${k} ${byKind[k] ?? 0}`).join(', ');
console.log(`${basename(jsonPath)}: BODY ${body.length} chars from offset ${art?.bodyStart}`);
console.log(`actors ${actors.length} (mentions ${mentionCount}), places ${places.length}, statements ${statements.length} (${kinds}), events ${events.length} (participants ${participantCount}, reports ${reportCount})`);
if (errors.length) {
  console.error(`\n${errors.length} error(s):`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
console.log('OK');
