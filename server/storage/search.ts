import type { Db, Provider } from './db.js';
import { ValidationError } from './errors.js';
import type { Membership, Sql } from './filtered-page.js';

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
export function ftsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+\*?/gu) ?? [];
  return words.map((w) => (w.endsWith('*') ? `"${w.slice(0, -1)}"*` : `"${w}"`)).join(' ');
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
      ftsQuery(text), limit, offset,
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
  checkQuery(text, field);
  const table = TABLES[provider][target];
  const rows =
    provider === 'sqlite'
      ? await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`, ftsQuery(text))
      : await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*) AS n FROM ${table} WHERE "searchVector" @@ plainto_tsquery('english', $1)`, text);
  return Number(rows[0]?.n ?? 0);
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
 * The rows of `target` whose text matches, as the membership of a filtered connection: on SQLite
 * through the FTS5 table (a probe is a lookup of one rowid in it), on PostgreSQL through the
 * tsvector column and its GIN index.
 */
export function textMatch(target: SearchTarget, text: string, field = 'filter.search'): Membership {
  checkQuery(text, field);
  const table = target === 'article' ? 'Article' : 'Statement';
  const fts = TABLES.sqlite[target];
  const query = (sql: Sql) => (sql.provider === 'sqlite' ? sql.p(ftsQuery(text)) : `plainto_tsquery('english', ${sql.p(text)})`);
  return {
    probe: (sql) =>
      sql.provider === 'sqlite' ? `EXISTS (SELECT 1 FROM ${fts} s WHERE s.${fts} MATCH ${query(sql)} AND s.rowid = t.id)` : `t."searchVector" @@ ${query(sql)}`,
    members: (sql) => (sql.provider === 'sqlite' ? `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${query(sql)}` : `SELECT id FROM "${table}" WHERE "searchVector" @@ ${query(sql)}`),
    count: (sql) =>
      sql.provider === 'sqlite' ? `SELECT count(*) AS n FROM ${fts} WHERE ${fts} MATCH ${query(sql)}` : `SELECT count(*) AS n FROM "${table}" WHERE "searchVector" @@ ${query(sql)}`,
    // An FTS5 rowid lookup costs about ten index steps (measured on the large benchmark data).
    probeCost: 10,
    rowLocalOn: ['postgresql'],
  };
}
