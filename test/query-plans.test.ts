import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { syntheticArticle } from './fixtures.js';

/**
 * The plans of the SQL that Prisma really sends for each filter and ordering: the big tables are
 * reached through an index, and a listing's ordering comes from an index, not from sorting the table.
 * The tables hold little data, so the planners are told to plan as for big ones: SQLite gets no
 * statistics (it then assumes indexes are selective), PostgreSQL gets seq scans and sorts priced out.
 */
describe.each(TEST_PROVIDERS)('query plans on %s', (provider) => {
  let service: TestService;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    service = await startTestService(provider);
    for (let i = 0; i < 6; i++) await ingest(service, syntheticArticle(i, 3));
    const d = await service.data(`{ actors(first: 1, filter: { search: "Armenia", kinds: [STATE] }) { edges { node { id } } } articles(first: 1) { edges { node { id } } } sources(first: 1) { edges { node { id } } } }`);
    ids.actor = d.actors.edges[0].node.id;
    ids.article = d.articles.edges[0].node.id;
    ids.source = d.sources.edges[0].node.id;
  });
  afterAll(() => service?.dispose());

  /** Plan lines of every statement the query sends, with the table each statement reads first. */
  const plansOf = async (query: string) => {
    service.db.statements.recorded = [];
    await service.data(query, ids);
    const statements = service.db.statements.recorded!;
    service.db.statements.recorded = null;
    const plans = [];
    for (const { sql, args } of statements) plans.push({ sql, plan: await explain(sql, args) });
    return plans;
  };

  /** One line per plan node: SQLite's own lines, or PostgreSQL's node types with their relation. */
  const explain = async (sql: string, args: unknown[]): Promise<string[]> => {
    if (provider === 'sqlite') {
      const rows = await service.db.prisma.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, ...args);
      return rows.map((r) => r.detail);
    }
    return service.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      await tx.$executeRawUnsafe('SET LOCAL enable_sort = off');
      const rows = await tx.$queryRawUnsafe<{ 'QUERY PLAN': unknown }[]>(`EXPLAIN (FORMAT JSON) ${sql}`, ...args);
      const lines: string[] = [];
      const walk = (node: any) => {
        lines.push(`${node['Node Type']}${node['Relation Name'] ? ` ${node['Relation Name']}` : ''}${node['Index Name'] ? ` USING INDEX ${node['Index Name']}` : ''}`);
        for (const child of node.Plans ?? []) walk(child);
      };
      walk((rows[0]['QUERY PLAN'] as any)[0].Plan);
      return lines;
    });
  };

  const BIG_TABLES = ['Event', 'Statement', 'Article', 'EventParticipant', 'ActorMention', 'EventReport', 'ActorAlias', 'EventCountry', 'SearchTermCount'];

  /** Throws on a scan with no index of a table that grows with the data. */
  const expectNoFullScan = (sql: string, plan: string[]) => {
    // SQLite names a table by its alias in the SQL (`FROM "Statement" t` is `SCAN t`).
    const tableOf = new Map([...sql.matchAll(/[`"](\w+)[`"]\s+(?:AS\s+)?[`"]?(\w+)[`"]?/gi)].map((m) => [m[2]!, m[1]!]));
    // A subquery's rows (`CO-ROUTINE t0` then `SCAN t0`) are no table's.
    const subqueries = new Set(plan.map((line) => /^(?:CO-ROUTINE|MATERIALIZE) (\w+)/.exec(line)?.[1]).filter(Boolean));
    for (const line of plan) {
      const fullScan = /^(?:SCAN (?:main\.)?|Seq Scan )(\w+)/.exec(line);
      if (!fullScan || subqueries.has(fullScan[1])) continue;
      const name = fullScan[1]!;
      const table = tableOf.get(name) ?? name;
      // SQLite reads a table in primary-key order as a plain "SCAN": that is an ordered read, stopped by the LIMIT.
      const primaryKeyOrder = new RegExp(`ORDER BY (?:\`main\`\\.\`${table}\`\\.\`id\`|${name}\\."?id"?)`).test(sql);
      if (BIG_TABLES.includes(table) && !/USING (COVERING )?INDEX/.test(line) && !primaryKeyOrder) {
        throw new Error(`full scan of ${table}:\n${sql}\n${plan.join('\n')}`);
      }
    }
  };

  it.each([
    ['events by date', `{ events(first: 10, orderBy: { field: DATE, direction: DESC }) { edges { node { id } } } }`],
    ['events by type', `{ events(first: 10, filter: { types: [ASSAULT] }) { edges { node { id } } } }`],
    ['events by status', `{ events(first: 10, filter: { statuses: [ALLEGED] }) { edges { node { id } } } }`],
    ['events by date range', `{ events(first: 10, filter: { dateFrom: "2022-03-02", dateTo: "2022-03-04" }) { edges { node { id } } } }`],
    ['events by actor', `query($actor: ID) { events(first: 10, filter: { actor: $actor }) { edges { node { id } } } }`],
    ['events by article', `query($article: ID) { events(first: 10, filter: { article: $article }) { edges { node { id } } } }`],
    ['articles by date', `{ articles(first: 10, orderBy: { field: PUBLISHED_AT }) { edges { node { id } } } }`],
    ['articles by source', `query($source: ID) { articles(first: 10, filter: { source: $source }) { edges { node { id } } } }`],
    ['statements by speaker', `query($actor: ID) { statements(first: 10, filter: { speaker: $actor }) { edges { node { id } } } }`],
    ['statements by article, in position order', `query($article: ID) { statements(first: 10, filter: { article: $article }, orderBy: { field: POSITION, direction: ASC }) { edges { node { id } } } }`],
    ['actors by alias search', `{ actors(first: 10, filter: { search: "armenia" }) { edges { node { id } } } }`],
    ['events by creation', `{ events(first: 10, orderBy: { field: CREATED_AT }) { edges { node { id } } } }`],
    ['nested: events → participants → actors → statements', `{ events(first: 10) { edges { node { participants { edges { node { actor { statements(first: 5) { edges { node { id } } } } } } } } } } }`],
  ])('%s', async (_name, query) => {
    const statements = await plansOf(query);
    expect(statements.length).toBeGreaterThan(0);
    if (process.env.SHOW_PLANS) console.log(statements.map((s) => `${s.sql}\n  ${s.plan.join("\n  ")}`).join("\n"));
    for (const { sql, plan } of statements) expectNoFullScan(sql, plan);
    // The listing itself (the first statement) reads its rows in order from an index.
    const listing = statements[0];
    expect(listing.plan.filter((line) => /TEMP B-TREE FOR ORDER BY|^Sort|^Incremental Sort/.test(line)), `${listing.sql}\n${listing.plan.join('\n')}`).toEqual([]);
  });

  // The filtered connections' own SQL (server/storage/filtered-page.ts): its counts, probes and pages
  // read EventCountry, SearchTermCount and the full-text indexes through their keys.
  it.each([
    ['events by country, with the count', `{ events(first: 10, filter: { countryCode: "ARM" }) { totalCount edges { node { id } } } }`],
    ['statements by search and kind, latest first, with the count', `{ statements(first: 10, filter: { search: "incident", kinds: [DIRECT] }) { totalCount edges { node { id } } } }`],
    ['statements by search and kind, in position order', `{ statements(first: 10, filter: { search: "incident", kinds: [DIRECT] }, orderBy: { field: POSITION }) { edges { node { id } } } }`],
    ['articles by search, with the count', `{ articles(first: 10, filter: { search: "incident" }) { totalCount edges { node { id } } } }`],
  ])('%s', async (_name, query) => {
    const statements = await plansOf(query);
    expect(statements.length).toBeGreaterThan(1);
    if (process.env.SHOW_PLANS) console.log(statements.map((s) => `${s.sql}\n  ${s.plan.join("\n  ")}`).join("\n"));
    for (const { sql, plan } of statements) expectNoFullScan(sql, plan);
    const all = statements.flatMap((s) => s.plan).join('\n');
    if (query.includes('countryCode')) expect(all).toMatch(provider === 'sqlite' ? /EventCountry USING (COVERING |PRIMARY KEY )?INDEX/ : /USING INDEX EventCountry_pkey/);
    if (provider === 'postgresql' && query.includes('totalCount') && query.includes('search')) expect(all).toMatch(/SearchTermCount USING INDEX SearchTermCount_pkey/);
    // Latest first over FTS5: the page is read in rowid order from the index, with no sort.
    if (provider === 'sqlite' && query.includes('statements') && !query.includes('POSITION')) {
      const page = statements.find((s) => /StatementSearch m JOIN/.test(s.sql))!;
      expect(page.plan.join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
      expect(page.plan.filter((line) => /TEMP B-TREE/.test(line))).toEqual([]);
    }
  });
});
