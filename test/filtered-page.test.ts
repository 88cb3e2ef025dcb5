/**
 * server/storage/filtered-page.ts: every plan of a filtered connection (walk the order index and
 * probe, list the members and sort them, or scan an FTS5 index's members in id order) cuts exactly
 * the pages that Prisma's cursor paging cuts from the full ordered list, forwards and backwards, with
 * unknown dates and tied dates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestStructuredArticle } from '../server/storage/ingest.js';
import { eventsFiltered } from '../server/storage/event-filter.js';
import { textMatch } from '../server/storage/search.js';
import { choosePlan, countFiltered, filteredPageIds, membershipSize, scannable, Sql, type FilteredQuery, type OrderKey, type Plan } from '../server/storage/filtered-page.js';
import { startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { ArticleWriter, syntheticArticle } from './fixtures.js';

/** An article with no date whose events have no date either: both sort as the earliest. */
function undated(n: number) {
  const w = new ArticleWriter({ title: `Undated ${n}` });
  w.actor('x', 'Georgia', 'STATE', { countryCode: 'GEO' });
  w.actor('y', 'Armenia', 'STATE', { countryCode: 'ARM' });
  for (const e of [1, 2]) {
    const r = w.write(`[x:Georgia] reported an incident number ${n}-${e}. `);
    w.write(`[y:Armenia] said "{the incident ${n}-${e} was staged}." `, { speakerRef: 'y' });
    w.event({ type: 'PROTEST', summary: `Undated incident ${n}-${e}`, participants: [{ actorRef: 'x', role: 'SOURCE' }, { actorRef: 'y', role: 'TARGET' }], reports: [{ start: r.start, end: r.end - 1 }] });
  }
  return w.build();
}

/** Prisma's semantics: the cursor row included, `skip` dropped, a negative `take` reads backwards. */
function expectedPage(ids: number[], cursor: number | undefined, skip: number, take: number): number[] {
  let at = cursor != null ? ids.indexOf(cursor) : take >= 0 ? 0 : ids.length - 1;
  if (take >= 0) {
    at += skip;
    return ids.slice(at, at + take);
  }
  const end = at + 1 - skip;
  return ids.slice(Math.max(0, end + take), Math.max(0, end));
}

describe('the plan of a filtered page', () => {
  const membership = { probe: () => '', members: () => '', count: () => '', probeCost: 2 };
  it('walks the order index when matches are dense, and lists them when they are few', () => {
    // The busiest actor of the large benchmark: 25,411 of 300,000 events.
    expect(choosePlan(membership, 25_411, 300_000, 21)).toBe('walk');
    // An actor in 8 events: walking would probe ~790,000 rows to fill a page.
    expect(choosePlan(membership, 8, 300_000, 21)).toBe('list');
    // A deep page (skip 5,000) of a dense filter costs more to walk than to list.
    expect(choosePlan(membership, 25_411, 300_000, 5_021)).toBe('list');
  });
});

describe.each(TEST_PROVIDERS)('filtered connection pages on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
    // Twelve articles on six days (ties on date), and three with no date.
    for (let i = 1; i <= 12; i++) await ingestStructuredArticle(service.db.prisma, { ...syntheticArticle(i, 2), publishedAt: `2022-04-0${(i % 6) + 1}` });
    for (const n of [1, 2, 3]) await ingestStructuredArticle(service.db.prisma, undated(n));
  }, 120_000);
  afterAll(async () => service?.dispose());

  /** The whole ordered list, from every row's keys sorted here: the oracle. */
  async function oracle(q: FilteredQuery): Promise<number[]> {
    const sql = new Sql(provider);
    const members = new Set((await service.db.prisma.$queryRawUnsafe<{ id: number }[]>(`SELECT t.id AS id FROM "${q.table}" t WHERE ${sql.in('t.id', q.membership.members(sql))} ${q.conditions.map((c) => `AND ${c(sql)}`).join(' ')}`, ...sql.params)).map((r) => Number(r.id)));
    const columns = q.order.map((k) => `t."${k.column}" AS "${k.column}"`).join(', ');
    const rows = await service.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT ${columns} FROM "${q.table}" t`);
    const key = (v: unknown) => (v == null ? null : v instanceof Date ? v.getTime() : typeof v === 'string' && /^\d{4}-/.test(v) ? Date.parse(v) : Number(v) || String(v));
    const compare = (a: Record<string, unknown>, b: Record<string, unknown>) => {
      for (const k of q.order) {
        const [x, y] = [key(a[k.column]), key(b[k.column])];
        if (x === y) continue;
        // Nulls first ascending, last descending.
        const ascending = x == null ? -1 : y == null ? 1 : x < y ? -1 : 1;
        return k.direction === 'asc' ? ascending : -ascending;
      }
      return 0;
    };
    return rows.filter((r) => members.has(Number(r.id))).sort(compare).map((r) => Number(r.id));
  }

  const orders = (dated: string): OrderKey[][] => [
    [{ column: dated, direction: 'desc', nullable: true }, { column: 'id', direction: 'desc' }],
    [{ column: dated, direction: 'asc', nullable: true }, { column: 'id', direction: 'asc' }],
    [{ column: 'id', direction: 'asc' }],
  ];

  async function queries(): Promise<{ name: string; query: FilteredQuery }[]> {
    const georgia = await service.db.prisma.actor.findFirstOrThrow({ where: { name: 'Georgia' } });
    const list: { name: string; query: FilteredQuery }[] = [];
    for (const [i, order] of orders('date').entries()) {
      const direction = order[0].direction;
      list.push({ name: `events by actor #${i}`, query: eventsFiltered({ actorId: georgia.id }, { byDate: order.length > 1, direction }) });
      list.push({ name: `events by country and type #${i}`, query: eventsFiltered({ countryCode: 'ARM', types: ['PROTEST', 'ASSAULT', 'ACCUSE', 'AGREE'] }, { byDate: order.length > 1, direction }) });
    }
    for (const [i, order] of orders('publishedAt').entries()) list.push({ name: `articles by search #${i}`, query: { table: 'Article', membership: textMatch('article', 'incident'), conditions: [], order } });
    const positionOrder = ['articleId', 'start', 'id'].map((column) => ({ column, direction: 'desc' as const }));
    list.push({ name: 'statements by search and kind, in position order', query: { table: 'Statement', membership: textMatch('statement', 'incident', { kinds: ['DIRECT'] }), conditions: [], order: positionOrder } });
    list.push({ name: 'statements by search and kind, latest first', query: { table: 'Statement', membership: textMatch('statement', 'incident', { kinds: ['DIRECT'] }), conditions: [], order: [{ column: 'id', direction: 'desc' }] } });
    list.push({
      name: 'statements by search and kinds, with a speaker, in position order',
      query: { table: 'Statement', membership: textMatch('statement', 'incident', { kinds: ['DIRECT', 'MIXED'] }), conditions: [() => `t."speakerId" IS NOT NULL`], order: positionOrder },
    });
    return list;
  }

  it('cuts every page as Prisma would, through every plan', async () => {
    let checked = 0;
    let scanned = 0;
    for (const { name, query } of await queries()) {
      const all = await oracle(query);
      expect(all.length, name).toBeGreaterThan(4);
      expect(await countFiltered(service.db.prisma, provider, query), name).toBe(all.length);
      if (query.conditions.length === 0) expect(await membershipSize(service.db.prisma, provider, query.membership), name).toBe(all.length);
      const plans: Plan[] = scannable(provider, query) ? ['walk', 'list', 'scan'] : ['walk', 'list'];
      for (const plan of plans) {
        const page = (cursor: number | undefined, skip: number, take: number) =>
          filteredPageIds(service.db.prisma, provider, query, { cursor: cursor != null ? { id: cursor } : undefined, skip, take }, plan);
        for (const take of [3, -3]) {
          expect(await page(undefined, 0, take), `${name}, ${plan}, first page, take ${take}`).toEqual(expectedPage(all, undefined, 0, take));
          for (const cursor of all) {
            expect(await page(cursor, 1, take), `${name}, ${plan}, cursor ${cursor}, take ${take}`).toEqual(expectedPage(all, cursor, 1, take));
            checked++;
            if (plan === 'scan') scanned++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    if (provider === 'sqlite') expect(scanned).toBeGreaterThan(50);
  });
});
