/**
 * The baseline: the benchmark's requests answered by one hand-written SQL statement each, with
 * JSON built by the database. Scenario answers are byte-identical to the GraphQL API's (checked by
 * bench/run.ts before it measures).
 *
 *   DATABASE_URL=... PORT=4101 tsx bench/baseline-server.ts
 *   POST /nested             scenario 1
 *   POST /search?q=WORD      scenario 2
 *   POST /node?id=GLOBAL_ID  scenario 3
 */
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseProvider, sqliteFilePath } from '../server/storage/migrate.js';
import { ftsMatch } from '../server/storage/search.js';

const url = process.env.DATABASE_URL ?? 'file:./data/bench-small.db';
const port = Number(process.env.PORT ?? 4101);
const b64 = (s: string) => Buffer.from(s).toString('base64');

const SQLITE = {
  nested: `
    SELECT json_object('data', json_object('events', json_object('edges', (
      SELECT json_group_array(json(node)) FROM (
        SELECT json_object('node', json_object(
          'id', b64('Event:' || e.id), 'type', e.type, 'date', substr(e.date, 1, 10),
          'participants', json_object('edges', (
            SELECT json_group_array(json(pnode)) FROM (
              SELECT json_object('node', json_object('role', p.role, 'actor', json_object(
                'id', b64('Actor:' || a.id), 'name', a.name,
                'statements', json_object('edges', (
                  SELECT json_group_array(json(snode)) FROM (
                    SELECT json_object('node', json_object('id', b64('Statement:' || s.id), 'quote', s.quote, 'article', json_object('title', ar.title))) AS snode
                    FROM (SELECT id, quote, articleId FROM Statement WHERE speakerId = a.id ORDER BY id DESC LIMIT 5) s
                    JOIN Article ar ON ar.id = s.articleId ORDER BY s.id DESC)))))) AS pnode
              FROM (SELECT role, actorId, id FROM EventParticipant WHERE eventId = e.id ORDER BY id LIMIT 10) p
              JOIN Actor a ON a.id = p.actorId ORDER BY p.id))))) AS node
        FROM (SELECT id, type, date FROM Event ORDER BY date DESC, id DESC LIMIT 50) e ORDER BY e.date DESC, e.id DESC)))))
    AS body`,
  search: `
    SELECT json_object('data', json_object('search', json_object(
      'totalCount', (SELECT count(*) FROM StatementSearch WHERE StatementSearch MATCH :q),
      'edges', (SELECT json_group_array(json(edge)) FROM (
        SELECT json_object('score', round(-bm25(StatementSearch), 6), 'node', json_object('id', b64('Statement:' || st.id), 'quote', st.quote)) AS edge
        FROM StatementSearch JOIN Statement st ON st.id = StatementSearch.rowid
        WHERE StatementSearch MATCH :q ORDER BY bm25(StatementSearch), StatementSearch.rowid LIMIT 20)))))
    AS body`,
  node: `
    SELECT json_object('data', json_object('node', (
      SELECT json_object('id', b64('Actor:' || coalesce(r.actorId, a.id)), 'name', a.name, 'kind', a.kind, 'countryCode', a.countryCode)
      FROM Actor a LEFT JOIN ActorRedirect r ON r.fromId = :id WHERE a.id = coalesce(r.actorId, :id))))
    AS body`,
};

// PostgreSQL renders json with spaces; the server re-serialises it (JSON.parse, JSON.stringify) to the API's compact form.
const PG = {
  nested: `
    SELECT json_build_object('data', json_build_object('events', json_build_object('edges', coalesce((
      SELECT json_agg(json_build_object('node', json_build_object(
          'id', encode(convert_to('Event:' || e.id, 'UTF8'), 'base64'),
          'type', e.type,
          'date', to_char(e.date, 'YYYY-MM-DD'),
          'participants', json_build_object('edges', coalesce((
            SELECT json_agg(json_build_object('node', json_build_object(
                'role', p.role,
                'actor', json_build_object(
                  'id', encode(convert_to('Actor:' || a.id, 'UTF8'), 'base64'),
                  'name', a.name,
                  'statements', json_build_object('edges', coalesce((
                    SELECT json_agg(json_build_object('node', json_build_object(
                        'id', encode(convert_to('Statement:' || s.id, 'UTF8'), 'base64'),
                        'quote', s.quote,
                        'article', json_build_object('title', ar.title))) ORDER BY s.id DESC)
                    FROM (SELECT id, quote, "articleId" FROM "Statement" WHERE "speakerId" = a.id ORDER BY id DESC LIMIT 5) s
                    JOIN "Article" ar ON ar.id = s."articleId"
                  ), '[]'::json))
                ))) ORDER BY p.id)
            FROM (SELECT role, "actorId", id FROM "EventParticipant" WHERE "eventId" = e.id ORDER BY id LIMIT 10) p
            JOIN "Actor" a ON a.id = p."actorId"
          ), '[]'::json))
        )) ORDER BY e.date DESC NULLS LAST, e.id DESC)
      FROM (SELECT id, type, date FROM "Event" ORDER BY date DESC NULLS LAST, id DESC LIMIT 50) e
    ), '[]'::json))))::text AS body`,
  search: `
    SELECT json_build_object('data', json_build_object('search', json_build_object(
      'totalCount', (SELECT CASE cardinality(w.terms) WHEN 0 THEN 0
          WHEN 1 THEN (SELECT coalesce(sum(n), 0) FROM "SearchTermCount" WHERE target = 'statement' AND term = w.terms[1])
          ELSE (SELECT count(*) FROM "Statement" WHERE "searchVector" @@ plainto_tsquery('english', $1)) END
        FROM (SELECT tsvector_to_array(to_tsvector('english', $1)) AS terms) w),
      'edges', coalesce((SELECT json_agg(json_build_object('score', round(rank::numeric, 6)::float8, 'node', json_build_object('id', encode(convert_to('Statement:' || id, 'UTF8'), 'base64'), 'quote', quote)) ORDER BY rank DESC, id)
        FROM (SELECT id, quote, ts_rank_cd("searchVector", q) AS rank FROM "Statement", plainto_tsquery('english', $1) q
              WHERE "searchVector" @@ q ORDER BY rank DESC, id LIMIT 20) hits), '[]'::json))))::text AS body`,
  node: `
    SELECT json_build_object('data', json_build_object('node', (
      SELECT json_build_object('id', encode(convert_to('Actor:' || a.id, 'UTF8'), 'base64'), 'name', a.name, 'kind', a.kind, 'countryCode', a."countryCode")
      FROM "Actor" a WHERE a.id = coalesce((SELECT "actorId" FROM "ActorRedirect" WHERE "fromId" = $1), $1))))::text AS body`,
};

type Scenario = 'nested' | 'search' | 'node';
type Answer = (scenario: Scenario, params: URLSearchParams) => Promise<string>;

function sqliteAnswer(): Answer {
  const db = new Database(sqliteFilePath(url), { readonly: true });
  db.pragma('journal_mode = WAL');
  db.function('b64', { deterministic: true }, (s: unknown) => b64(String(s)));
  const statements = { nested: db.prepare(SQLITE.nested), search: db.prepare(SQLITE.search), node: db.prepare(SQLITE.node) };
  return async (scenario, params) => {
    const args = scenario === 'search' ? { q: ftsMatch('statement', params.get('q') ?? '') } : scenario === 'node' ? { id: decodeId(params.get('id')) } : {};
    return (statements[scenario].get(args) as { body: string }).body;
  };
}

function pgAnswer(): Answer {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  return async (scenario, params) => {
    const args: unknown[] = scenario === 'search' ? [params.get('q') ?? ''] : scenario === 'node' ? [decodeId(params.get('id'))] : [];
    const { rows } = await pool.query<{ body: string }>({ name: `baseline-${scenario}`, text: PG[scenario], values: args });
    return JSON.stringify(JSON.parse(rows[0].body));
  };
}

function decodeId(id: string | null): number {
  return Number(Buffer.from(id ?? '', 'base64').toString().split(':')[1]);
}

const answer = databaseProvider(url) === 'sqlite' ? sqliteAnswer() : pgAnswer();
const server = createServer(async (req, res) => {
  const where = new URL(req.url ?? '/', 'http://localhost');
  const scenario = where.pathname.slice(1) as Scenario;
  req.resume();
  if (!['nested', 'search', 'node'].includes(scenario)) {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await answer(scenario, where.searchParams);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  }
});
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'baseline listening', port: (server.address() as { port: number }).port })));
