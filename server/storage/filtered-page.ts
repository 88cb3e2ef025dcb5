import type { Db, Provider } from './db.js';

/**
 * Pages and counts of connections whose main filter reaches rows through another table or a
 * full-text index: events by actor or country, articles and statements by search.
 *
 * Such a filter can be answered in two ways, and the fast one depends on how many rows it matches:
 * - few: list the matching ids (`members`), then sort just those;
 * - many: walk the connection's order index and check each row (`probe`) until the page is full,
 *   which for a dense filter takes a few dozen checks instead of sorting tens of thousands of ids.
 * The number of members decides (it is one index range count), so a page costs about
 * min(members, take × rows / members) whatever the filter.
 * A third way serves pages in id order when the members are kept in id order (an FTS5 index): scan
 * them from the cursor on, joined to the rows, until the page is full.
 */

/** SQL text with its parameters, written for one database's placeholder style. */
export class Sql {
  readonly params: unknown[] = [];
  constructor(readonly provider: Provider) {}
  /** A placeholder for `value`. */
  p(value: unknown): string {
    this.params.push(value);
    return this.provider === 'sqlite' ? '?' : `$${this.params.length}`;
  }
  /** `column IN (subquery)`; on PostgreSQL as an id array, which it plans as index lookups rather than a hash join over the whole table. */
  in(column: string, subquery: string): string {
    return this.provider === 'sqlite' ? `${column} IN (${subquery})` : `${column} = ANY(ARRAY(${subquery}))`;
  }
  /**
   * Ends an EXISTS subquery that must run row by row: `OFFSET 0` keeps PostgreSQL from turning it
   * into a hash of every match, built before the first row (a probe is meant to be a few index lookups).
   */
  get perRow(): string {
    return this.provider === 'postgresql' ? 'OFFSET 0' : '';
  }
  /** The text cast enum columns need on PostgreSQL to be compared with text parameters. */
  get text(): string {
    return this.provider === 'postgresql' ? '::text' : '';
  }
}

/** The filter that decides the plan, written both ways (see the module comment). Each part receives the builder to add its parameters. */
export interface Membership {
  /** A condition on the row `t`, checked row by row. */
  probe(sql: Sql): string;
  /** A query returning the ids of the matching rows (it may return an id more than once). */
  members(sql: Sql): string;
  /** A query returning `n`, the number of distinct matching ids, from indexes alone where the database can. */
  count(sql: Sql): string;
  /** How much one probe costs against one listed member (full-text probes are dearer than index lookups). */
  probeCost: number;
  /**
   * Where the probe reads only the row itself (PostgreSQL's tsvector column): counting with other
   * conditions is then one scan that the planner shapes, not a list of members to intersect.
   */
  rowLocalOn?: Provider[];
  /**
   * Where the members can be read in id order, as an FTS5 index keeps them (by rowid): a page
   * ordered by id then reads the members from its cursor on and stops when the page is full (the
   * `scan` plan), without a probe per row.
   */
  inIdOrder?: {
    on: Provider[];
    /** The FROM item, aliased `m`. */
    source: string;
    /** The member's id column in it. */
    id: string;
    /** The condition on `m` that selects the members. */
    where(sql: Sql): string;
  };
}

export interface OrderKey {
  column: string;
  direction: 'asc' | 'desc';
  /** Nulls sort first ascending and last descending on both databases (an unknown date counts as the earliest). */
  nullable?: boolean;
}

export interface FilteredQuery {
  table: 'Article' | 'Statement' | 'Event';
  membership: Membership;
  /** Further conditions on `t`, each a function of the builder. */
  conditions: ((sql: Sql) => string)[];
  /** The connection's order; its last key must be `id`. */
  order: OrderKey[];
}

/** Prisma's cursor paging, as Pothos asks for it: the cursor row is included, then `skip` rows are dropped; a negative `take` reads backwards. */
export interface PageRequest {
  cursor?: { id: number };
  skip?: number;
  take?: number;
}

const quoted = (column: string) => `t."${column}"`;

async function rows(db: Db, sql: Sql, text: string): Promise<Record<string, unknown>[]> {
  return db.$queryRawUnsafe<Record<string, unknown>[]>(text, ...sql.params);
}

/** The number of distinct rows the membership matches (index only). */
export async function membershipSize(db: Db, provider: Provider, membership: Membership): Promise<number> {
  const sql = new Sql(provider);
  const [row] = await rows(db, sql, membership.count(sql));
  return Number(row?.n ?? 0);
}

/** The exact number of rows that match the membership and the conditions. */
export async function countFiltered(db: Db, provider: Provider, q: FilteredQuery): Promise<number> {
  const sql = new Sql(provider);
  const where = [q.membership.rowLocalOn?.includes(provider) ? q.membership.probe(sql) : sql.in('t.id', q.membership.members(sql)), ...q.conditions.map((c) => c(sql))];
  const [row] = await rows(db, sql, `SELECT count(*) AS n FROM "${q.table}" t WHERE ${where.join(' AND ')}`);
  return Number(row?.n ?? 0);
}

/**
 * How a page is found: walking the order index and probing each row, listing the members and sorting
 * them, or, for a page in id order, scanning the members in that order (see `inIdOrder`).
 */
export type Plan = 'walk' | 'list' | 'scan';

/**
 * Walking finds a page after about rows × tableSize / size rows, each probed; listing costs one
 * step per member. `tableSize` is an estimate of the table's rows (its largest id will do).
 */
export function choosePlan(membership: Membership, size: number, tableSize: number, rows: number): Plan {
  return (Math.min(rows, size) * tableSize * membership.probeCost) / size < size ? 'walk' : 'list';
}

/** The ids of one page, in the connection's order. */
export async function filteredPageIds(db: Db, provider: Provider, q: FilteredQuery, page: PageRequest, plan: Plan): Promise<number[]> {
  const take = page.take ?? Number.MAX_SAFE_INTEGER;
  const backwards = take < 0;
  const limit = Math.abs(take);
  if (limit === 0) return [];
  const order = backwards ? q.order.map((k) => ({ ...k, direction: k.direction === 'asc' ? ('desc' as const) : ('asc' as const) })) : q.order;

  const sql = new Sql(provider);
  const scan = plan === 'scan' ? q.membership.inIdOrder : undefined;
  if (plan === 'scan' && !(scan && order.length === 1 && order[0]!.column === 'id')) throw new Error('the scan plan needs members in id order and a page in id order');
  const where: string[] = [];
  if (page.cursor) {
    const at = await cursorKeys(db, provider, q.table, order, page.cursor.id);
    if (!at) return [];
    // Scanning, the cursor bounds the members themselves, so that the index starts there.
    where.push(scan ? `${scan.id} ${order[0]!.direction === 'asc' ? '>=' : '<='} ${sql.p(page.cursor.id)}` : fromCursor(sql, q.table, page.cursor.id, order, at));
  }
  where.push(scan ? scan.where(sql) : plan === 'walk' ? q.membership.probe(sql) : sql.in('t.id', q.membership.members(sql)));
  where.push(...q.conditions.map((c) => c(sql)));
  const from = scan ? `${scan.source} JOIN "${q.table}" t ON t.id = ${scan.id}` : `"${q.table}" t`;
  const orderBy = scan ? `${scan.id} ${order[0]!.direction.toUpperCase()}` : order.map((k) => orderTerm(provider, k)).join(', ');
  const text =
    `SELECT t.id AS id FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${orderBy}` +
    (limit < Number.MAX_SAFE_INTEGER ? ` LIMIT ${sql.p(limit)}` : '') +
    (page.skip ? ` OFFSET ${sql.p(page.skip)}` : '');
  const ids = (await rows(db, sql, text)).map((r) => Number(r.id));
  return backwards ? ids.reverse() : ids;
}

/**
 * A filtered connection's page and count for one request. The membership's size chooses the plan of
 * the page and, when there are no other conditions, is the count (computed once for both).
 */
export function filteredConnection(db: Db, provider: Provider, q: FilteredQuery) {
  // A probe on the row's own columns is a condition like any other: PostgreSQL's planner weighs it
  // from its statistics, so the membership need not be counted to choose the plan.
  const rowLocal = q.membership.rowLocalOn?.includes(provider) ?? false;
  const once = <T>(f: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= f());
  };
  const size = once(() => membershipSize(db, provider, q.membership));
  return {
    count: () => (q.conditions.length > 0 ? countFiltered(db, provider, q) : size()),
    async pageIds(page: PageRequest): Promise<number[]> {
      if (rowLocal) return filteredPageIds(db, provider, q, page, 'walk');
      // Reading members in the page's own order costs at most what listing them does, and no sort.
      if (scannable(provider, q)) return filteredPageIds(db, provider, q, page, 'scan');
      const [members, tableSize] = await Promise.all([size(), tableSizeEstimate(db, q.table)]);
      if (members === 0) return [];
      const rows = Math.abs(page.take ?? members) + (page.skip ?? 0);
      return filteredPageIds(db, provider, q, page, choosePlan(q.membership, members, tableSize, rows));
    },
  };
}

/** Whether the `scan` plan can cut the query's pages: members kept in id order, and a page in id order. */
export function scannable(provider: Provider, q: FilteredQuery): boolean {
  return (q.membership.inIdOrder?.on.includes(provider) ?? false) && q.order.length === 1 && q.order[0]!.column === 'id';
}

/** The largest id of the table: the row count's estimate the plan needs, from the primary key. */
export async function tableSizeEstimate(db: Db, table: FilteredQuery['table']): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number | bigint | null }[]>(`SELECT max(id) AS n FROM "${table}"`);
  return Number(row?.n ?? 0);
}

function orderTerm(provider: Provider, k: OrderKey): string {
  const dir = k.direction.toUpperCase();
  // SQLite already puts nulls first ascending and last descending; PostgreSQL is told (its date indexes are built that way).
  if (k.nullable && provider === 'postgresql') return `${quoted(k.column)} ${dir} NULLS ${dir === 'ASC' ? 'FIRST' : 'LAST'}`;
  return `${quoted(k.column)} ${dir}`;
}

async function cursorKeys(db: Db, provider: Provider, table: string, order: OrderKey[], id: number): Promise<unknown[] | null> {
  const sql = new Sql(provider);
  const [row] = await rows(db, sql, `SELECT ${order.map((k, i) => `${quoted(k.column)} AS k${i}`).join(', ')} FROM "${table}" t WHERE t.id = ${sql.p(id)}`);
  return row ? order.map((_, i) => row[`k${i}`]) : null;
}

/**
 * Rows at or after the cursor row in `order` (the cursor row included, as Prisma does), with the
 * null order of orderTerm: a null key comes before every value ascending and after it descending.
 * The cursor's values are read in SQL (`at` only tells which are null), so that dates are compared
 * in the database's own representation.
 */
function fromCursor(sql: Sql, table: string, id: number, order: OrderKey[], at: unknown[]): string {
  const [k, ...rest] = order;
  const column = quoted(k.column);
  const value = () => (k.column === 'id' ? sql.p(id) : `(SELECT c."${k.column}" FROM "${table}" c WHERE c.id = ${sql.p(id)})`);
  if (rest.length === 0) return `${column} ${k.direction === 'asc' ? '>=' : '<='} ${value()}`;
  const then = () => fromCursor(sql, table, id, rest, at.slice(1));
  if (at[0] == null) {
    // Ascending, nulls come first: the other nulls after this one, then every value. Descending: only nulls remain.
    return k.direction === 'asc' ? `(${column} IS NOT NULL OR (${column} IS NULL AND ${then()}))` : `(${column} IS NULL AND ${then()})`;
  }
  const beyond = `${column} ${k.direction === 'asc' ? '>' : '<'} ${value()}`;
  const same = `(${column} = ${value()} AND ${then()})`;
  return k.nullable && k.direction === 'desc' ? `(${beyond} OR ${column} IS NULL OR ${same})` : `(${beyond} OR ${same})`;
}
