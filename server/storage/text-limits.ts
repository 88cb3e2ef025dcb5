import { normalizeName } from '../extraction/normalize.js';
import type { FieldIssue } from './errors.js';

/**
 * The longest text of each indexed kind, in UTF-8 bytes: the one place these limits live.
 *
 * PostgreSQL refuses a btree index row over about 2,700 bytes (a third of a page), and the
 * columns below are indexed (unique names, aliases and their normalized form, url, domain).
 * SQLite has no such limit, so without these checks the same input would be stored on one
 * database and answered INTERNAL_SERVER_ERROR on the other. Bytes, not characters: a character
 * takes up to 3 bytes per UTF-16 code unit, so a character limit would have to be a third of this.
 * Each limit keeps room under 2,700 for the other columns of its index (an id, a kind).
 */
export const TEXT_LIMITS = {
  /** Actor and place names and aliases (and their normalized forms), source names. */
  name: 1000,
  /** Article urls and source domains. */
  url: 2000,
} as const;

/** A lone UTF-16 surrogate: not a character, so UTF-8 (both databases) cannot hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The issue of a text over its kind's limit, or null. A name is also checked in its normalized
 * form, which is what the alias index holds (NFKC can make a text longer).
 */
export function lengthIssue(field: string, text: string | null | undefined, kind: keyof typeof TEXT_LIMITS): FieldIssue | null {
  if (typeof text !== 'string') return null;
  const limit = TEXT_LIMITS[kind];
  const bytes = Math.max(utf8Bytes(text), kind === 'name' ? utf8Bytes(normalizeName(text)) : 0);
  return bytes > limit ? { field, problem: `is ${bytes} bytes long in UTF-8; the limit is ${limit} bytes` } : null;
}

/**
 * Every string anywhere in `value` that holds a lone surrogate, by path (`input.actors[0].name`).
 * SQLite would store one as three bytes that read back as three characters (shifting every span
 * after it), PostgreSQL as U+FFFD: refused on both.
 */
export function loneSurrogateIssues(value: unknown, path: string): FieldIssue[] {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value) ? [{ field: path, problem: 'contains a lone UTF-16 surrogate (half of a character), which is not text' }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => loneSurrogateIssues(v, `${path}[${i}]`));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([k, v]) => loneSurrogateIssues(v, `${path}.${k}`));
  }
  return [];
}

/**
 * Text for Prisma's `contains`, which becomes a LIKE pattern: `%` and `_` in it would be wildcards
 * (a search for "100%" found every name with "100"). For PostgreSQL, whose LIKE takes a backslash
 * as its escape character; SQLite's has none (alias-search.ts).
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
