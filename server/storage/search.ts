import type { Db, Provider } from './db.js';
import { ValidationError } from './errors.js';

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

/** Conditions on the rows of a filtered connection, as SQL over the table alias `t`. */
export interface SqlFilter {
  sql: string;
  params: unknown[];
}

/**
 * Every id of `target` that matches the text and the other conditions, in the connection's order.
 * The ids are few bytes each, so even a word in every tenth statement of a million is a short list;
 * the page is then cut from it and loaded through Prisma (searchPage).
 */
export async function matchingIdsInOrder(
  db: Db,
  provider: Provider,
  target: SearchTarget,
  text: string,
  conditions: { column: string; op: '=' | '>=' | '<=' | 'IN' | 'IS NULL' | 'IS NOT NULL'; value?: unknown }[],
  orderBy: { column: string; direction: 'asc' | 'desc'; nullsFirstWhenAscending?: boolean }[],
): Promise<number[]> {
  checkQuery(text, 'filter.search');
  const table = target === 'article' ? 'Article' : 'Statement';
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return provider === 'sqlite' ? '?' : `$${params.length}`;
  };
  const where: string[] = [];
  if (provider === 'sqlite') {
    const fts = TABLES.sqlite[target];
    where.push(`t.id IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${p(ftsQuery(text))})`);
  } else {
    where.push(`t."searchVector" @@ plainto_tsquery('english', ${p(text)})`);
  }
  for (const c of conditions) {
    const column = `t."${c.column}"`;
    if (c.op === 'IS NULL' || c.op === 'IS NOT NULL') where.push(`${column} ${c.op}`);
    else if (c.op === 'IN') where.push(`${column}${provider === 'postgresql' ? '::text' : ''} IN (${(c.value as unknown[]).map((v) => p(v)).join(', ')})`);
    else where.push(`${column} ${c.op} ${p(c.value)}`);
  }
  const order = orderBy
    .map((o) => {
      const column = `t."${o.column}"`;
      // Same null order as the connection's: an unknown date counts as the earliest (see byDate).
      if (o.nullsFirstWhenAscending && provider === 'postgresql') return `${column} ${o.direction.toUpperCase()} NULLS ${o.direction === 'asc' ? 'FIRST' : 'LAST'}`;
      return `${column} ${o.direction.toUpperCase()}`;
    })
    .join(', ');
  const rows = await db.$queryRawUnsafe<{ id: number | bigint }[]>(`SELECT t.id AS id FROM "${table}" t WHERE ${where.join(' AND ')} ORDER BY ${order}`, ...params);
  return rows.map((r) => Number(r.id));
}

/** The ids of one page, as Prisma's cursor pagination would cut them: `take` < 0 reads backwards. */
export function pageOfIds(ids: number[], page: { cursor?: { id: number }; skip?: number; take?: number }): number[] {
  const skip = page.skip ?? 0;
  const take = page.take ?? ids.length;
  let at = page.cursor ? ids.indexOf(page.cursor.id) : take >= 0 ? 0 : ids.length - 1;
  if (page.cursor && at < 0) return [];
  if (take >= 0) {
    at += skip;
    return ids.slice(at, at + take);
  }
  const end = at + 1 - skip;
  return ids.slice(Math.max(0, end + take), Math.max(0, end));
}
