import { isoDay } from './dates.js';

/** What precedes the body of an article: a ` date YYYY-MM-DD` header, a title line, a dateline. */
export interface ArticleHeader {
  publishedAt: string | null;
  title: string | null;
  /** The place of the dateline, as a name ("Baku", "Dushanbe"). */
  dateline: string | null;
  /** Offsets of the body in the raw text: everything after the header, title and dateline, trimmed. */
  bodyStart: number;
  bodyEnd: number;
}

const DATE_HEADER = /^[\uFEFF\s]*date\s+(\d{4}-\d{2}-\d{2})[ \t]*(?:\r?\n)?[ \t]*/i;
// "Baku:", "DUSHANBE, Tajikistan (AFP) -", "KYIV, Ukraine (AP) —", "Khartoum (Reuters) -", "GAZA CITY, Nov 3 (Reuters) -"
const DATELINE = /^([A-Z][A-Za-z'’.\-]*(?:[ -][A-Z][A-Za-z'’.\-]*){0,3})(?:,[ \t]*[A-Z][A-Za-z.'’ ]{1,30}?)?(?:,?[ \t]+[A-Z][a-z]{2,8}\.? \d{1,2})?[ \t]*(?:\((?:AFP|AP|Reuters|dpa|Xinhua|AA|TASS|UPI|[A-Z][A-Za-z]{1,12})\))?[ \t]*(?:[-–—:]|\u2014)[ \t]+/;
const CLUTTER = /^(advertisement|advert|sponsored|share|share this|read more|related|subscribe|by [A-Z][\w.'’ -]{2,60}|[A-Z][\w.'’ -]{2,60} reporting)$/i;

function titleCase(name: string): string {
  return name === name.toUpperCase() ? name.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, s, c) => s + c.toUpperCase()) : name;
}

/** Splits the raw text of an article into its header parts and the offsets of its body. Never fails. */
export function parseHeader(raw: string): ArticleHeader {
  let pos = 0;
  let publishedAt: string | null = null;
  const header = DATE_HEADER.exec(raw);
  if (header) {
    publishedAt = isoDay(header[1]);
    pos = header[0].length;
  }
  // Skip blank lines and page clutter before the first real line.
  let title: string | null = null;
  for (;;) {
    const lineEnd = raw.indexOf('\n', pos);
    if (lineEnd < 0) break;
    const line = raw.slice(pos, lineEnd).trim();
    const rest = raw.slice(lineEnd + 1).trim();
    if (line === '' || CLUTTER.test(line)) {
      pos = lineEnd + 1;
      continue;
    }
    // A short first line without final punctuation, with more text after it, is the title.
    if (title == null && !DATELINE.test(line) && line.length <= 200 && !/[.!?:"”]$/.test(line) && rest.length > line.length) {
      title = line;
      pos = lineEnd + 1;
      continue;
    }
    break;
  }
  while (pos < raw.length && /\s/.test(raw[pos])) pos++;
  let dateline: string | null = null;
  const dl = DATELINE.exec(raw.slice(pos, pos + 120));
  // The first word of a sentence followed by a colon is not a dateline ("Update: ...").
  if (dl && !/^(update|editor'?s note|note|breaking|watch|live|analysis|opinion)$/i.test(dl[1])) {
    dateline = titleCase(dl[1].trim());
    pos += dl[0].length;
  }
  let end = raw.length;
  while (end > pos && /\s/.test(raw[end - 1])) end--;
  return { publishedAt, title, dateline, bodyStart: pos, bodyEnd: end };
}

export { CLUTTER as CLUTTER_LINE };
