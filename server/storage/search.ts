import type { Db, Provider } from './db.js';
import { ValidationError } from './errors.js';
import { membershipSize, type Membership, type Sql } from './filtered-page.js';

export type SearchTarget = 'article' | 'statement';

export interface SearchHit {
  target: SearchTarget;
  id: number;
  /** Higher is better; comparable between targets of one database, not across databases. */
  score: number;
  snippet: string;
}

const TABLES = {
  sqlite: { article: 'ArticleSearch', statement: 'StatementSearch' },
  postgresql: { article: '"Article"', statement: '"Statement"' },
} as const;

/**
 * Words of the query as an FTS5 expression: each word quoted, so that user text is never FTS
 * syntax (no column filters, no NEAR, no syntax errors); a trailing `*` keeps prefix search.
 */
function ftsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+\*?/gu) ?? [];
  return words.map((w) => (w.endsWith('*') ? `"${w.slice(0, -1)}"*` : `"${w}"`)).join(' ');
}

/**
 * The FTS5 expression that finds `text` in one target's index. A statement's words are looked for in
 * its quote only, since its index also holds its kind, which a kinds filter then matches in the
 * same query: FTS5 counts such matches from its index alone.
 */
export function ftsMatch(target: SearchTarget, text: string, kinds: readonly string[] = []): string {
  if (target === 'article') return ftsQuery(text);
  const words = `{quote} : (${ftsQuery(text)})`;
  return kinds.length ? `${words} AND {kind} : (${kinds.map((k) => `"${k.replace(/"/g, '""')}"`).join(' OR ')})` : words;
}

function checkQuery(text: string, field: string): void {
  if (!(text.match(/[\p{L}\p{N}]/u))) throw new ValidationError([{ field, problem: 'must contain at least one letter or digit' }]);
  if (text.length > 500) throw new ValidationError([{ field, problem: 'is longer than 500 characters' }]);
}

/** Six decimals are all a rank means; fewer digits also print the same everywhere. */
const roundScore = (score: number) => Math.round(score * 1e6) / 1e6;

/** Ranked ids of the articles or statements that match, best first. */
export async function searchIds(db: Db, provider: Provider, target: SearchTarget, text: string, limit: number, offset = 0, field = 'search'): Promise<SearchHit[]> {
  checkQuery(text, field);
  const table = TABLES[provider][target];
  if (provider === 'sqlite') {
    const column = target === 'article' ? 1 : 0;
    const rows = await db.$queryRawUnsafe<{ id: number | bigint; rank: number; snippet: string }[]>(
      `SELECT rowid AS id, bm25(${table}) AS rank, snippet(${table}, ${column}, '«', '»', '…', 16) AS snippet
         FROM ${table} WHERE ${table} MATCH ? ORDER BY rank, rowid LIMIT ? OFFSET ?`,
      ftsMatch(target, text), limit, offset,
    );
    return rows.map((r) => ({ target, id: Number(r.id), score: roundScore(-r.rank), snippet: r.snippet }));
  }
  const column = target === 'article' ? 'body' : 'quote';
  const rows = await db.$queryRawUnsafe<{ id: number; rank: number; snippet: string }[]>(
    `SELECT id, ts_rank_cd("searchVector", q) AS rank,
            ts_headline('english', ${column}, q, 'StartSel=«,StopSel=»,MaxWords=16,MinWords=6') AS snippet
       FROM ${table}, plainto_tsquery('english', $1) q
      WHERE "searchVector" @@ q ORDER BY rank DESC, id LIMIT $2 OFFSET $3`,
    text, limit, offset,
  );
  return rows.map((r) => ({ target, id: Number(r.id), score: roundScore(Number(r.rank)), snippet: r.snippet }));
}

export async function countMatches(db: Db, provider: Provider, target: SearchTarget, text: string, field = 'search'): Promise<number> {
  return membershipSize(db, provider, textMatch(target, text, { field }));
}

/** Ranked search across articles and statements: one page of the merged ranking. */
export async function search(db: Db, provider: Provider, text: string, targets: SearchTarget[], limit: number, offset: number): Promise<SearchHit[]> {
  const lists = await Promise.all(targets.map((t) => searchIds(db, provider, t, text, offset + limit, 0, 'query')));
  return lists
    .flat()
    .sort((a, b) => b.score - a.score || a.target.localeCompare(b.target) || a.id - b.id)
    .slice(offset, offset + limit);
}

/**
 * The rows of `target` whose text matches (and, for statements, whose kind is one of `kinds`), as the
 * membership of a filtered connection: on SQLite through the FTS5 table (a probe is a lookup of one
 * rowid in it), on PostgreSQL through the tsvector column and its GIN index.
 *
 * Counting: FTS5 counts from its index. PostgreSQL's GIN index cannot (each match's visibility is
 * checked in the table: ~280 ms for a word in 100,000 articles), so a one-term query is counted from
 * SearchTermCount, which triggers keep exact; longer queries count their matches.
 */
export function textMatch(target: SearchTarget, text: string, options: { field?: string; kinds?: readonly string[] } = {}): Membership {
  const { field = 'filter.search', kinds = [] } = options;
  checkQuery(text, field);
  const table = target === 'article' ? 'Article' : 'Statement';
  const fts = TABLES.sqlite[target];
  const kindOf = (sql: Sql) => (kinds.length ? `t."kind"${sql.text} IN (${kinds.map((k) => sql.p(k)).join(', ')})` : '');
  const pgMatch = (sql: Sql) => [`t."searchVector" @@ plainto_tsquery('english', ${sql.p(text)})`, kindOf(sql)].filter(Boolean).join(' AND ');
  return {
    // On SQLite the row's own kind is tested, and FTS5 only for the words: seeking a rowid in a
    // kind's doclist (half of all statements) would make each probe several times dearer.
    probe: (sql) =>
      sql.provider === 'sqlite'
        ? [kindOf(sql), `EXISTS (SELECT 1 FROM ${fts} s WHERE s.${fts} MATCH ${sql.p(ftsMatch(target, text))} AND s.rowid = t.id)`].filter(Boolean).join(' AND ')
        : pgMatch(sql),
    members: (sql) =>
      sql.provider === 'sqlite' ? `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${sql.p(ftsMatch(target, text, kinds))}` : `SELECT t.id FROM "${table}" t WHERE ${pgMatch(sql)}`,
    count: (sql) => {
      if (sql.provider === 'sqlite') return `SELECT count(*) AS n FROM ${fts} WHERE ${fts} MATCH ${sql.p(ftsMatch(target, text, kinds))}`;
      // The query's distinct terms, as plainto_tsquery finds them (same parser, same dictionaries).
      const terms = `tsvector_to_array(to_tsvector('english', ${sql.p(text)}))`;
      const counted = `SELECT coalesce(sum(c."n"), 0) FROM "SearchTermCount" c WHERE c."target" = '${target}' AND c."term" = w.terms[1]` +
        (kinds.length ? ` AND c."kind" IN (${kinds.map((k) => sql.p(k)).join(', ')})` : '');
      return `SELECT CASE cardinality(w.terms) WHEN 0 THEN 0 WHEN 1 THEN (${counted}) ELSE (SELECT count(*) FROM "${table}" t WHERE ${pgMatch(sql)}) END AS n
                FROM (SELECT ${terms} AS terms) w`;
    },
    // An FTS5 rowid lookup costs about ten index steps (measured on the large benchmark data).
    probeCost: 10,
    rowLocalOn: ['postgresql'],
    inIdOrder: { on: ['sqlite'], source: `${fts} m`, id: 'm.rowid', where: (sql) => `m.${fts} MATCH ${sql.p(ftsMatch(target, text, kinds))}` },
  };
}
