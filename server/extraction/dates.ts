/** Dates that news text names, resolved against the publication day. Pure. */

export type DatePrecision = 'DAY' | 'MONTH' | 'YEAR' | 'UNKNOWN';

export interface ResolvedDate {
  /** YYYY-MM-DD; the first day of the month or year for MONTH and YEAR. */
  date: string;
  precision: DatePrecision;
  start: number;
  end: number;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ALT = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const monthIndex = (name: string) => MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().slice(0, 3)));

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const PATTERNS: { re: RegExp; resolve(m: RegExpExecArray, published: string | null): { date: string; precision: DatePrecision } | null }[] = [
  // September 27, 2020 / Sept. 27 2020 / September 27
  {
    re: new RegExp(`\\b(${MONTH_ALT})\\.? (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?\\b`, 'gi'),
    resolve(m, published) {
      const month = monthIndex(m[1]) + 1;
      const day = Number(m[2]);
      const year = m[3] ? Number(m[3]) : published ? yearForMonth(published, month, day) : null;
      return year && validDay(year, month, day) ? { date: iso(year, month, day), precision: 'DAY' } : null;
    },
  },
  // 27 September 2020 / 27 September
  {
    re: new RegExp(`\\b(\\d{1,2}) (${MONTH_ALT})\\.?(?:,? (\\d{4}))?\\b`, 'gi'),
    resolve(m, published) {
      const month = monthIndex(m[2]) + 1;
      const day = Number(m[1]);
      const year = m[3] ? Number(m[3]) : published ? yearForMonth(published, month, day) : null;
      return year && validDay(year, month, day) ? { date: iso(year, month, day), precision: 'DAY' } : null;
    },
  },
  // last November / in November 2020 / in November / this month? (month names)
  {
    re: new RegExp(`\\b(last|this|in|since|early|late|mid-?)\\s+(${MONTHS.join('|')})(?:,? (\\d{4}))?\\b`, 'gi'),
    resolve(m, published) {
      const month = monthIndex(m[2]) + 1;
      let year = m[3] ? Number(m[3]) : null;
      if (year == null && published) {
        const [py, pm] = published.split('-').map(Number);
        const which = m[1].toLowerCase();
        year = which === 'last' ? (month >= pm ? py - 1 : py) : month > pm ? py - 1 : py;
      }
      return year ? { date: iso(year, month, 1), precision: 'MONTH' } : null;
    },
  },
  // on Tuesday / last Tuesday / Tuesday's / on Tuesday afternoon
  {
    re: new RegExp(`\\b(?:(on|last|this|since|late|early)\\s+)?(${WEEKDAYS.join('|')})(?:'s|’s)?\\b`, 'gi'),
    resolve(m, published) {
      if (!published) return null;
      const target = WEEKDAYS.indexOf(m[2].toLowerCase());
      const pubDay = new Date(`${published}T00:00:00Z`).getUTCDay();
      // News names the days of the past week; the publication weekday itself is that day.
      let back = (pubDay - target + 7) % 7;
      if (m[1]?.toLowerCase() === 'last' && back === 0) back = 7;
      return { date: addDays(published, -back), precision: 'DAY' };
    },
  },
  { re: /\b(yesterday)\b/gi, resolve: (_m, p) => (p ? { date: addDays(p, -1), precision: 'DAY' } : null) },
  { re: /\b(today|tonight|this morning|this afternoon|this evening)\b/gi, resolve: (_m, p) => (p ? { date: p, precision: 'DAY' } : null) },
  // last year / a year ago / a year after (the war) / last year's war
  {
    re: /\b(last year|a year ago|a year after|a year earlier|last year's|last year’s)\b/gi,
    resolve: (_m, p) => (p ? { date: `${Number(p.slice(0, 4)) - 1}-01-01`, precision: 'YEAR' } : null),
  },
  { re: /\b(this year|earlier this year)\b/gi, resolve: (_m, p) => (p ? { date: `${p.slice(0, 4)}-01-01`, precision: 'YEAR' } : null) },
  // in 1991 / since 2014 / the 2020 war
  {
    re: /\b(?:in|since|during|the|of|until|by)\s+((?:19|20)\d{2})\b(?![-–]\d)/gi,
    resolve: (m) => ({ date: `${m[1]}-01-01`, precision: 'YEAR' }),
  },
];

/** The year in which a day-and-month without a year most likely fell: not after publication. */
function yearForMonth(published: string, month: number, day: number): number {
  const [py, pm, pd] = published.split('-').map(Number);
  return month > pm || (month === pm && day > pd + 1) ? py - 1 : py;
}

/** Every date expression of `text`, resolved, in text order; overlapping matches keep the longest. */
export function findDates(text: string, published: string | null, offset = 0): ResolvedDate[] {
  const found: ResolvedDate[] = [];
  for (const pattern of PATTERNS) {
    pattern.re.lastIndex = 0;
    for (let m = pattern.re.exec(text); m; m = pattern.re.exec(text)) {
      const resolved = pattern.resolve(m, published);
      if (resolved) found.push({ ...resolved, start: offset + m.index, end: offset + m.index + m[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: ResolvedDate[] = [];
  for (const d of found) if (!kept.some((k) => d.start < k.end && k.start < d.end)) kept.push(d);
  return kept;
}

/** A ` date YYYY-MM-DD` header or an ISO day anywhere in a string. */
export function isoDay(text: string): string | null {
  const m = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  return m && validDay(Number(m[1]), Number(m[2]), Number(m[3])) ? m[0] : null;
}
