/**
 * The tables that triggers keep (SearchTermCount on PostgreSQL, EventCountry on both databases),
 * compared with the same rows computed from scratch: after any writes, both differences are empty.
 */
import { expect } from 'vitest';
import type { Db, Provider } from '../server/storage/db.js';

/** Rows of `kept` missing from `recomputed` and the other way round; and the size of `kept`. */
async function difference(db: Db, kept: string, recomputed: string): Promise<{ missing: number; extra: number; total: number }> {
  // Each side as a subquery: `a EXCEPT b UNION ALL c` would mean `(a EXCEPT b) UNION ALL c`.
  const minus = (a: string, b: string) => `SELECT count(*) FROM (SELECT * FROM (${a}) a EXCEPT SELECT * FROM (${b}) b) d`;
  const [row] = await db.$queryRawUnsafe<{ missing: bigint | number; extra: bigint | number; total: bigint | number }[]>(
    `SELECT (${minus(recomputed, kept)}) AS missing, (${minus(kept, recomputed)}) AS extra, (SELECT count(*) FROM (${kept}) k) AS total`,
  );
  return { missing: Number(row!.missing), extra: Number(row!.extra), total: Number(row!.total) };
}

/** PostgreSQL's SearchTermCount against the terms of every article and statement; returns its size (0 on SQLite, which has none). */
export async function expectSearchTermCountsKept(db: Db, provider: Provider, stage: string): Promise<number> {
  if (provider !== 'postgresql') return 0;
  const { missing, extra, total } = await difference(
    db,
    `SELECT "target", "term", "kind", "n" FROM "SearchTermCount"`,
    `SELECT 'article' AS target, w.term, '' AS kind, count(*)::int AS n FROM "Article" a, unnest(tsvector_to_array(a."searchVector")) w(term) GROUP BY w.term
     UNION ALL
     SELECT 'statement', w.term, s."kind"::text, count(*)::int FROM "Statement" s, unnest(tsvector_to_array(s."searchVector")) w(term) GROUP BY w.term, s."kind"`,
  );
  expect({ missing, extra }, `SearchTermCount ${stage}`).toEqual({ missing: 0, extra: 0 });
  return total;
}

/** Each event's countries from scratch: its participants' actors' and its place's. */
export const EVENT_COUNTRIES_FROM_SCRATCH = `
  SELECT a."countryCode" AS country, ep."eventId" AS event FROM "EventParticipant" ep JOIN "Actor" a ON a.id = ep."actorId" WHERE a."countryCode" IS NOT NULL
  UNION
  SELECT p."countryCode", e.id FROM "Event" e JOIN "Place" p ON p.id = e."placeId" WHERE p."countryCode" IS NOT NULL`;

/** EventCountry against the countries computed from scratch; returns its size. */
export async function expectEventCountriesKept(db: Db, stage: string): Promise<number> {
  const { missing, extra, total } = await difference(db, `SELECT "countryCode" AS country, "eventId" AS event FROM "EventCountry"`, EVENT_COUNTRIES_FROM_SCRATCH);
  expect({ missing, extra }, `EventCountry ${stage}`).toEqual({ missing: 0, extra: 0 });
  return total;
}
