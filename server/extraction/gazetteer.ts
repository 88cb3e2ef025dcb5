import { readFileSync } from 'node:fs';

/** The gazetteers in ./data, loaded once. Reading bundled data files is the one I/O extraction does. */

export interface CountryEntry {
  name: string;
  iso3: string;
  demonyms: string[];
  capitals: string[];
  aliases: string[];
  seats: string[];
}

export interface PlaceEntry {
  name: string;
  kind: 'COUNTRY' | 'REGION' | 'DISTRICT' | 'CITY' | 'SITE' | 'OTHER';
  countryCode: string | null;
  aliases: string[];
  latitude: number | null;
  longitude: number | null;
}

export interface OrganizationEntry {
  name: string;
  kind: 'ORGANIZATION' | 'ARMED_GROUP' | 'MEDIA' | 'GOVERNMENT' | 'MILITARY' | 'OTHER';
  aliases: string[];
  countryCode: string | null;
}

function load<T>(name: string): T[] {
  return JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as T[];
}

export const COUNTRIES: CountryEntry[] = load<CountryEntry>('countries.json').map((c) => ({
  ...c,
  demonyms: c.demonyms ?? [],
  capitals: c.capitals ?? [],
  aliases: c.aliases ?? [],
  seats: c.seats ?? [],
}));
export const PLACES: PlaceEntry[] = load<PlaceEntry>('places.json').map((p) => ({ ...p, aliases: p.aliases ?? [] }));
export const ORGANIZATIONS: OrganizationEntry[] = load<OrganizationEntry>('organizations.json').map((o) => ({ ...o, aliases: o.aliases ?? [] }));

export type CountryForm = 'name' | 'demonym' | 'capital' | 'seat';

/** A surface form and what it names. */
export interface Form<T> {
  text: string;
  entry: T;
  form?: CountryForm;
}

/** A literal string as a regular expression. */
export const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regular expression over many forms, longest first, matched as whole words. */
export class FormMatcher<T> {
  readonly re: RegExp;
  private readonly byText = new Map<string, Form<T>>();
  private readonly caseInsensitive: boolean;

  constructor(forms: Form<T>[], caseInsensitive = false) {
    this.caseInsensitive = caseInsensitive;
    for (const f of forms) {
      const key = caseInsensitive ? f.text.toLowerCase() : f.text;
      if (f.text.trim() && !this.byText.has(key)) this.byText.set(key, f);
    }
    const alternatives = [...this.byText.values()].map((f) => f.text).sort((a, b) => b.length - a.length).map(escape);
    this.re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|') || '(?!)'})(?![\\p{L}\\p{N}])`, caseInsensitive ? 'giu' : 'gu');
  }

  lookup(text: string): Form<T> | undefined {
    return this.byText.get(this.caseInsensitive ? text.toLowerCase() : text);
  }

  /** Every match in [from, to), as an array: compiling this large expression once is what keeps extraction fast. */
  matches(text: string, from = 0, to = text.length): { start: number; end: number; form: Form<T> }[] {
    // On the slice only: a search from `from` would otherwise run on to the next match, maybe at the end of the text.
    const re = this.re;
    const part = from === 0 && to === text.length ? text : text.slice(from, to);
    const found: { start: number; end: number; form: Form<T> }[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(part); m; m = re.exec(part)) {
      const form = this.lookup(m[0]);
      if (form) found.push({ start: from + m.index, end: from + m.index + m[0].length, form });
    }
    return found;
  }
}

/** Country forms: names and aliases, demonyms, capitals and seats of government. */
export const countryForms = new FormMatcher<CountryEntry>(
  COUNTRIES.flatMap((c) => [
    { text: c.name, entry: c, form: 'name' as const },
    ...c.aliases.map((text) => ({ text, entry: c, form: 'name' as const })),
    ...c.demonyms.map((text) => ({ text, entry: c, form: 'demonym' as const })),
    ...c.capitals.map((text) => ({ text, entry: c, form: 'capital' as const })),
    ...c.seats.map((text) => ({ text, entry: c, form: 'seat' as const })),
  ]),
);

export const placeForms = new FormMatcher<PlaceEntry>(PLACES.flatMap((p) => [p.name, ...p.aliases].map((text) => ({ text, entry: p }))));

export const organizationForms = new FormMatcher<OrganizationEntry>(
  ORGANIZATIONS.flatMap((o) => [o.name, ...o.aliases].map((text) => ({ text, entry: o }))),
);

export const countryByIso3 = new Map(COUNTRIES.map((c) => [c.iso3, c]));
export const countryByName = new Map(COUNTRIES.map((c) => [c.name, c]));
