import { readdirSync, readFileSync } from 'node:fs';
import type { StructuredArticle, ActorInput, StatementInput, EventInput } from '../server/storage/article-input.js';

/**
 * Builds a structured article sentence by sentence, so that every span is computed from the text
 * it points into, never typed by hand.
 */
export class ArticleWriter {
  private body = '';
  private readonly actors = new Map<string, ActorInput>();
  readonly statements: StatementInput[] = [];
  readonly events: EventInput[] = [];

  constructor(private readonly meta: Omit<StructuredArticle, 'body'> = {}) {}

  actor(ref: string, name: string, kind: ActorInput['kind'], extra: Partial<ActorInput> = {}): this {
    this.actors.set(ref, { ref, name, kind, aliases: [], mentions: [], ...extra });
    return this;
  }

  /** Appends text; `[ref:words]` marks a mention of an actor, `{quote}` a quotation. */
  write(text: string, quote?: { speakerRef: string | null; kind?: StatementInput['kind']; cue?: string; eventRef?: string; ref?: string }): { start: number; end: number } {
    const start = this.body.length;
    let out = '';
    let quoteSpan: { start: number; end: number } | null = null;
    const pattern = /\[(\w[\w-]*):([^\]]+)\]|\{([^}]+)\}/g;
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      out += text.slice(last, m.index);
      const at = start + out.length;
      if (m[1]) {
        const actor = this.actors.get(m[1]);
        if (!actor) throw new Error(`unknown actor ${m[1]}`);
        actor.mentions!.push({ start: at, end: at + m[2].length, text: m[2] });
        out += m[2];
      } else {
        quoteSpan = { start: at, end: at + m[3].length };
        out += m[3];
      }
      last = m.index + m[0].length;
    }
    out += text.slice(last);
    this.body += out;
    if (quote && quoteSpan) {
      this.statements.push({
        ref: quote.ref,
        speakerRef: quote.speakerRef,
        quote: this.body.slice(quoteSpan.start, quoteSpan.end),
        kind: quote.kind ?? 'DIRECT',
        cue: quote.cue ?? 'said',
        start: quoteSpan.start,
        end: quoteSpan.end,
        eventRef: quote.eventRef,
      });
    }
    return { start, end: this.body.length };
  }

  event(event: EventInput): this {
    this.events.push(event);
    return this;
  }

  build(): StructuredArticle {
    return {
      ...this.meta,
      body: this.body,
      actors: [...this.actors.values()],
      statements: this.statements,
      events: this.events,
    };
  }
}

const COUNTRIES = [
  ['armenia', 'Armenia', 'ARM', 'Armenian'],
  ['azerbaijan', 'Azerbaijan', 'AZE', 'Azerbaijani'],
  ['russia', 'Russia', 'RUS', 'Russian'],
  ['georgia', 'Georgia', 'GEO', 'Georgian'],
  ['turkey', 'Turkey', 'TUR', 'Turkish'],
] as const;
const TYPES = ['ASSAULT', 'ACCUSE', 'REQUEST', 'AGREE', 'CONSULT'] as const;

/**
 * A deterministic family of small articles: article i reports `eventsPerArticle` events between
 * two countries, each country's ministry says one thing about each event.
 */
export function syntheticArticle(i: number, eventsPerArticle = 5): StructuredArticle {
  const [a, b] = [COUNTRIES[i % COUNTRIES.length], COUNTRIES[(i + 1) % COUNTRIES.length]];
  const day = String((i % 28) + 1).padStart(2, '0');
  const w = new ArticleWriter({
    title: `Report ${i}: ${a[1]} and ${b[1]}`,
    publishedAt: `2022-03-${day}`,
    url: `https://news.example/report-${i}`,
    source: { name: i % 2 ? 'Wire One' : 'Wire Two', domain: i % 2 ? 'wire-one.example' : 'wire-two.example' },
  });
  w.actor('a', a[1], 'STATE', { countryCode: a[2], aliases: [a[1]] });
  w.actor('b', b[1], 'STATE', { countryCode: b[2], aliases: [b[1]] });
  w.actor('amod', `Ministry of Defence of ${a[1]}`, 'GOVERNMENT', { countryCode: a[2], parentRef: 'a', aliases: [`${a[3]} defence ministry`] });
  w.actor('bmod', `Ministry of Defence of ${b[1]}`, 'GOVERNMENT', { countryCode: b[2], parentRef: 'b', aliases: [`${b[3]} defence ministry`] });
  for (let e = 0; e < eventsPerArticle; e++) {
    const ref = `e${e}`;
    const type = TYPES[(i + e) % TYPES.length];
    const report = w.write(`[a:${a[1]}] and [b:${b[1]}] met incident ${i}-${e} near the border. `);
    w.write(`The [amod:${a[3]} defence ministry] said "{${b[3]} forces fired first in incident ${i}-${e}}." `, { speakerRef: 'amod', eventRef: ref, ref: `${ref}-a` });
    w.write(`The [bmod:${b[3]} defence ministry] said "{${a[3]} units started incident ${i}-${e}}." `, { speakerRef: 'bmod', eventRef: ref, ref: `${ref}-b` });
    w.event({
      ref,
      type,
      summary: `Incident ${i}-${e} between ${a[1]} and ${b[1]}`,
      date: `2022-03-${day}`,
      datePrecision: 'DAY',
      status: e % 3 === 0 ? 'REPORTED' : 'ALLEGED',
      injuries: e,
      participants: [
        { actorRef: 'a', role: 'SOURCE' },
        { actorRef: 'b', role: 'TARGET' },
        { actorRef: 'amod', role: 'OTHER' },
        { actorRef: 'bmod', role: 'OTHER' },
      ],
      reports: [{ start: report.start, end: report.end - 1, statementRef: `${ref}-a` }],
    });
  }
  return w.build();
}

/** The first `n` raw texts of the real articles in test/fixtures/articles, in name order. */
export function rawFixtureTexts(n: number): string[] {
  const dir = new URL('./fixtures/articles/', import.meta.url);
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().slice(0, n).map((f) => readFileSync(new URL(f, dir), 'utf8'));
}
