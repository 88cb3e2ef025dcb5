import type { Db, Provider } from './db.js';
import { likeLiteral } from './text-limits.js';

/**
 * The condition "an alias contains `needle`" for actors or places, with `%` and `_` taken as
 * themselves. Prisma's `contains` is a LIKE pattern: PostgreSQL reads a backslash in it as an
 * escape, but SQLite's LIKE has no escape character unless the statement names one, which Prisma's
 * does not; there a needle with a wildcard is looked up as a plain substring (instr) instead.
 */
export async function aliasContains(db: Db, provider: Provider, owner: 'actor' | 'place', needle: string): Promise<object> {
  if (provider === 'postgresql') return { aliases: { some: { normalized: { contains: likeLiteral(needle) } } } };
  if (!/[%_]/.test(needle)) return { aliases: { some: { normalized: { contains: needle } } } };
  const rows =
    owner === 'actor'
      ? await db.$queryRaw<{ id: number | bigint }[]>`SELECT DISTINCT "actorId" AS id FROM "ActorAlias" WHERE instr("normalized", ${needle}) > 0`
      : await db.$queryRaw<{ id: number | bigint }[]>`SELECT DISTINCT "placeId" AS id FROM "PlaceAlias" WHERE instr("normalized", ${needle}) > 0`;
  return { id: { in: rows.map((r) => Number(r.id)) } };
}
