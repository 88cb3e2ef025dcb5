/**
 * npm run eval: scores the extractor against the hand-checked fixtures and prints precision, recall
 * and F1 per component, for three sets apart:
 *   tuned   test/fixtures/articles/*.gold.json and the sample: the rules were written on these;
 *   dev     test/fixtures/dev/*.gold.json: annotated blind, then used to develop speaker resolution;
 *   unseen  test/fixtures/unseen/*.gold.json: annotated by hand before any extractor ran on them,
 *           and never tuned on since: the number users get.
 *
 *   tsx scripts/evaluate.ts [--set tuned|dev|unseen] [--attribution model|rules] [--json] [--errors]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ATTRIBUTION_MODES, extractArticle, extractionJson, normalizeName, type AttributionMode } from '../server/extraction/index.js';

export const FIXTURES = fileURLToPath(new URL('../test/fixtures/articles/', import.meta.url));
export const FIXTURE_SETS = {
  tuned: FIXTURES,
  dev: fileURLToPath(new URL('../test/fixtures/dev/', import.meta.url)),
  unseen: fileURLToPath(new URL('../test/fixtures/unseen/', import.meta.url)),
};
export type FixtureSet = keyof typeof FIXTURE_SETS;
const SAMPLE = fileURLToPath(new URL('../prisma/sample/', import.meta.url));

type Json = ReturnType<typeof extractionJson>;
/** How a statement's own attribution names its speaker (unseen fixtures only). */
export type SpeakerRef = 'NAME' | 'PRONOUN' | 'NOMINAL' | 'CONTINUATION' | null;
export interface Gold extends Omit<Json, 'extractorVersion' | 'statements'> {
  url?: string;
  statements: (Json['statements'][number] & { speakerRef?: SpeakerRef })[];
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

const score = (tp: number, fp: number, fn: number): Score => {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return { tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
};

/** The sample's structured annotation, turned into the gold shape (spans into the whole file). */
function sampleGold(): { text: string; gold: Gold } {
  const text = readFileSync(join(SAMPLE, '2021-11-17-baku-border-clashes.txt'), 'utf8');
  const data = JSON.parse(readFileSync(join(SAMPLE, '2021-11-17-baku-border-clashes.json'), 'utf8'));
  const at = data.article.bodyStart as number;
  const name = (ref: string | null) => (ref == null ? null : data.actors.find((a: any) => a.ref === ref).name);
  return {
    text,
    gold: {
      file: 'sample/2021-11-17-baku-border-clashes.txt',
      publishedAt: data.article.publishedAt,
      dateline: data.article.dateline,
      actors: data.actors.map((a: any) => ({ name: a.name, kind: a.kind, countryCode: a.countryCode, mentions: a.mentions.map((m: any) => ({ ...m, start: m.start + at, end: m.end + at })) })),
      statements: data.statements.map((s: any) => ({ quote: s.quote, kind: s.kind, cue: s.cue, speaker: name(s.speakerRef), start: s.start + at, end: s.end + at })),
      events: data.events.map((e: any) => ({
        type: e.type, summary: e.summary, date: e.date, datePrecision: e.datePrecision,
        place: data.places.find((p: any) => p.ref === e.placeRef)?.name ?? null, status: e.status,
        fatalities: e.fatalities ?? null, injuries: e.injuries ?? null,
        participants: e.participants.map((p: any) => ({ name: name(p.actorRef), role: p.role })),
        start: (e.reports[0]?.start ?? 0) + at, end: (e.reports[0]?.end ?? 0) + at,
      })),
    },
  };
}

export function loadFixtures(set: FixtureSet = 'tuned'): { name: string; text: string; gold: Gold }[] {
  const dir = FIXTURE_SETS[set];
  const fixtures = readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort()
    .map((f) => {
      const gold = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Gold;
      return { name: f.replace(/\.gold\.json$/, ''), text: readFileSync(join(dir, gold.file), 'utf8'), gold };
    });
  return set === 'tuned' ? [{ name: 'sample', ...sampleGold() }, ...fixtures] : fixtures;
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
/** Two spans name the same statement when each covers at least half of the other. */
const sameSpan = (a: { start: number; end: number }, b: { start: number; end: number }) => {
  const o = overlap(a, b);
  return o >= 0.5 * (a.end - a.start) && o >= 0.5 * (b.end - b.start);
};
const sameName = (a: string | null, b: string | null) => (a == null || b == null ? a === b : normalizeName(a) === normalizeName(b));

/** Greedy one-to-one matching, best pairs first. */
function match<S, G>(system: S[], gold: G[], quality: (s: S, g: G) => number): [S, G][] {
  const pairs: { s: number; g: number; q: number }[] = [];
  system.forEach((s, i) => gold.forEach((g, j) => {
    const q = quality(s, g);
    if (q > 0) pairs.push({ s: i, g: j, q });
  }));
  pairs.sort((a, b) => b.q - a.q);
  const usedS = new Set<number>();
  const usedG = new Set<number>();
  const out: [S, G][] = [];
  for (const p of pairs) {
    if (usedS.has(p.s) || usedG.has(p.g)) continue;
    usedS.add(p.s);
    usedG.add(p.g);
    out.push([system[p.s], gold[p.g]]);
  }
  return out;
}

export interface Evaluation {
  articles: number;
  quotes: Score;
  quoteSpeakers: Score;
  indirect: Score;
  actors: Score;
  events: Score;
  eventDates: Score;
  /**
   * Statements whose own attribution names the speaker only by a pronoun or a nominal ("he said",
   * "the ministry added"), where the gold speaker is an actor: found with that actor (recall), and
   * of those found with a speaker, the right one (precision). Only fixtures that mark speakerRef count.
   */
  referredSpeakers: Score;
  errors: Record<string, string[]>;
}

export function evaluate(fixtures = loadFixtures(), attribution: AttributionMode = 'model'): Evaluation {
  const totals = { quotes: [0, 0, 0], quoteSpeakers: [0, 0, 0], indirect: [0, 0, 0], actors: [0, 0, 0], events: [0, 0, 0], eventDates: [0, 0, 0], referredSpeakers: [0, 0, 0] };
  const errors: Record<string, string[]> = {};
  const add = (key: keyof typeof totals, tp: number, sys: number, gold: number) => {
    totals[key][0] += tp;
    totals[key][1] += sys - tp;
    totals[key][2] += gold - tp;
  };
  for (const { name, text, gold } of fixtures) {
    const sys = extractionJson(gold.file, extractArticle(text, { publishedAt: gold.publishedAt, attribution }));
    const log = (errors[name] = [] as string[]);

    const sysActors = new Set(sys.actors.map((a) => normalizeName(a.name)));
    const goldActors = new Set(gold.actors.map((a) => normalizeName(a.name)));
    const actorTp = [...sysActors].filter((a) => goldActors.has(a)).length;
    add('actors', actorTp, sysActors.size, goldActors.size);
    for (const a of sysActors) if (!goldActors.has(a)) log.push(`actor FP: ${a}`);
    for (const a of goldActors) if (!sysActors.has(a)) log.push(`actor FN: ${a}`);

    // MIXED (reported words around a quotation) is reported speech; its quotations are DIRECT statements too.
    for (const [kinds, key] of [[['DIRECT'], 'quotes'], [['INDIRECT', 'MIXED'], 'indirect']] as const) {
      const s = sys.statements.filter((x) => (kinds as readonly string[]).includes(x.kind));
      const g = gold.statements.filter((x) => (kinds as readonly string[]).includes(x.kind));
      const pairs = match(s, g, (a, b) => (sameSpan(a, b) ? overlap(a, b) : 0));
      add(key, pairs.length, s.length, g.length);
      if (key === 'quotes') {
        const right = pairs.filter(([a, b]) => sameName(a.speaker, b.speaker));
        add('quoteSpeakers', right.length, s.length, g.length);
        for (const [a, b] of pairs) if (!sameName(a.speaker, b.speaker)) log.push(`speaker wrong: "${b.quote.slice(0, 50)}" gold ${b.speaker} got ${a.speaker}`);
      }
      // A pronoun's or nominal's speaker: tp right actor, fp a wrong actor, fn none or not found.
      for (const g of gold.statements.filter((x) => (kinds as readonly string[]).includes(x.kind) && x.speaker && (x.speakerRef === 'PRONOUN' || x.speakerRef === 'NOMINAL'))) {
        const found = pairs.find(([, b]) => b === g)?.[0];
        const right = found != null && sameName(found.speaker, g.speaker);
        totals.referredSpeakers[right ? 0 : found?.speaker ? 1 : 2]++;
        if (!right) log.push(`${g.speakerRef!.toLowerCase()} speaker: "${g.quote.slice(0, 50)}" gold ${g.speaker} got ${found ? found.speaker : 'no statement'}`);
      }
      for (const x of s) if (!pairs.some(([a]) => a === x)) log.push(`${key} FP: "${x.quote.slice(0, 60)}" (${x.speaker})`);
      for (const x of g) if (!pairs.some(([, b]) => b === x)) log.push(`${key} FN: "${x.quote.slice(0, 60)}" (${x.speaker})`);
    }

    const participantNames = (e: { participants: { name: string }[] }) => new Set(e.participants.map((p) => normalizeName(p.name)));
    const pairs = match(sys.events, gold.events, (a, b) => {
      if (a.type !== b.type) return 0;
      const sa = participantNames(a);
      const sb = participantNames(b);
      if (sa.size === 0 && sb.size === 0) return 0.5;
      const shared = [...sa].filter((n) => sb.has(n)).length;
      return shared ? shared + 0.1 * overlap(a, b) / Math.max(1, b.end - b.start) : 0;
    });
    add('events', pairs.length, sys.events.length, gold.events.length);
    const dated = pairs.filter(([a, b]) => a.date === b.date && (a.date == null || a.datePrecision === b.datePrecision));
    add('eventDates', dated.length, sys.events.length, gold.events.length);
    for (const e of sys.events) if (!pairs.some(([a]) => a === e)) log.push(`event FP: ${e.type} [${e.participants.map((p) => p.name).join(', ')}] ${e.summary.slice(0, 60)}`);
    for (const e of gold.events) if (!pairs.some(([, b]) => b === e)) log.push(`event FN: ${e.type} [${e.participants.map((p) => p.name).join(', ')}] ${e.summary.slice(0, 60)}`);
    for (const [a, b] of pairs) if (!dated.some(([x]) => x === a)) log.push(`event date: ${b.type} gold ${b.date}/${b.datePrecision} got ${a.date}/${a.datePrecision}`);
  }
  const result = Object.fromEntries(Object.entries(totals).map(([k, [tp, fp, fn]]) => [k, score(tp, fp, fn)])) as Omit<Evaluation, 'articles' | 'errors'>;
  return { articles: fixtures.length, ...result, errors };
}

const LABELS: [keyof Omit<Evaluation, 'articles' | 'errors'>, string][] = [
  ['quotes', 'quotes found (direct)'],
  ['quoteSpeakers', 'quotes with the right speaker'],
  ['indirect', 'reported speech found (indirect, mixed)'],
  ['actors', 'actors'],
  ['events', 'events: type and participants'],
  ['eventDates', 'events: date too'],
  ['referredSpeakers', 'speakers named by pronoun or nominal'],
];

export function table(e: Evaluation, title: string): string {
  const pct = (n: number) => n.toFixed(3);
  const lines = [`${title}: ${e.articles} articles`, '', '| component | precision | recall | F1 | tp | fp | fn |', '|---|---|---|---|---|---|---|'];
  for (const [key, label] of LABELS) {
    const s = e[key];
    lines.push(`| ${label} | ${pct(s.precision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${s.tp} | ${s.fp} | ${s.fn} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { set: { type: 'string' }, attribution: { type: 'string', default: 'model' }, json: { type: 'boolean' }, errors: { type: 'boolean' } } });
  const attribution = values.attribution as AttributionMode;
  if (!ATTRIBUTION_MODES.includes(attribution)) throw new Error(`--attribution takes ${ATTRIBUTION_MODES.join(' or ')}`);
  if (values.set && !(values.set in FIXTURE_SETS)) throw new Error(`--set takes ${Object.keys(FIXTURE_SETS).join(', ')}`);
  const sets: FixtureSet[] = values.set ? [values.set as FixtureSet] : ['tuned', 'dev', 'unseen'];
  const titles: Record<FixtureSet, string> = {
    tuned: 'Fixtures the rules were written on (tuned)',
    dev: 'Fixtures annotated blind, then used to develop speaker resolution (dev)',
    unseen: 'Fixtures annotated blind, never tuned on (unseen)',
  };
  const results = Object.fromEntries(sets.map((set) => [set, evaluate(loadFixtures(set), attribution)]));
  if (values.json) console.log(JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, e]) => [k, { ...e, errors: undefined }])), null, 2));
  else console.log(sets.map((set) => table(results[set], `${titles[set]}, attribution by ${attribution}`)).join('\n\n'));
  if (values.errors) for (const e of Object.values(results)) for (const [name, list] of Object.entries(e.errors)) if (list.length) console.log(`\n## ${name}\n${list.join('\n')}`);
}
