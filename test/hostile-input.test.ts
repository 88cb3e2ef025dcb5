/**
 * Hostile input, fuzzed with fast-check: random Unicode, megabyte-long and binary articles,
 * unbalanced quotes, deep and wide documents, malformed bodies, wrong variable types, and SQL or
 * full-text injection strings in every filter and search. Each case must end with no crash, a precise
 * error (never INTERNAL_SERVER_ERROR, never a stack trace) and no partial write.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArticle } from '../server/extraction/index.js';
import { structuredFromExtraction } from '../server/storage/extracted.js';
import { validateStructuredArticle } from '../server/storage/article-input.js';
import { ingest, rowCounts, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { syntheticArticle } from './fixtures.js';

/** What must never reach a client: a stack frame, a source path, a driver or SQL message. */
const LEAK = /\n\s+at |\.ts:\d+|node_modules|prisma|SQLITE_(ERROR|CONSTRAINT|BUSY|MISMATCH|RANGE)|SQLSTATE|syntax error at or near|no such (table|column)|invalid byte sequence/i;

const QUOTES = ['"', '“', '”', '«', '»', "'", '‘', '’', '„'];
/** Text made of article-like pieces: words, quotes left open or closed, datelines, newlines. */
const articleLike = fc
  .array(
    fc.oneof(
      fc.constantFrom('Baku:', 'Kyiv, March 3 (Reuters) -', 'said', 'Armenia', 'the defence ministry', 'killed 3 soldiers', 'on Monday', '\n\n', ' date 2022-03-03\n'),
      fc.constantFrom(...QUOTES),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(' '));

describe('extraction under random input', () => {
  it('never throws, and every span it returns is inside the text and holds what it says', () => {
    fc.assert(
      fc.property(fc.oneof(articleLike, fc.string({ unit: 'binary', maxLength: 3000 }), fc.string({ unit: 'grapheme', maxLength: 3000 })), (text) => {
        const x = extractArticle(text);
        for (const s of x.statements) {
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(s.start, s.end)).toBe(s.quote);
        }
        // What ingest would store passes the storage checks: no span points outside the body.
        if (text.trim() && x.bodyEnd > x.bodyStart) expect(validateStructuredArticle(structuredFromExtraction(text, x))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  // The test's own time limit is the guard against quadratic behaviour; bench/extraction.ts measures speed.
  it('takes a megabyte of text and finds every quote in it', () => {
    const mb = 'Baku: "The shelling continued," the ministry said. '.repeat(20_000).slice(0, 1_000_000);
    const x = extractArticle(mb);
    expect(x.statements.length).toBeGreaterThan(1000);
    for (const s of x.statements) expect(mb.slice(s.start, s.end)).toBe(s.quote);
  }, 60_000);
});

describe.each(TEST_PROVIDERS)('hostile requests on %s', (provider) => {
  let service: TestService;
  const counts = () => rowCounts(service.db);
  beforeAll(async () => {
    service = await startTestService(provider);
    for (const i of [1, 2, 3]) await ingest(service, syntheticArticle(i, 2));
  });
  afterAll(async () => service?.dispose());

  const INGEST = `mutation($text: String!) { ingestArticle(input: { text: $text }) { __typename ... on MutationIngestArticleSuccess { data { status } } ... on Error { message } } }`;

  it('ingests random articles or refuses them with a typed error, and a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(articleLike, fc.string({ unit: 'binary', maxLength: 2000 })), async (text) => {
        const before = await counts();
        const result = await service.gql(INGEST, { text });
        expect(JSON.stringify(result)).not.toMatch(LEAK);
        if (result.errors) {
          // Binary data: refused before the mutation runs.
          expect(result.errors).toEqual([{ message: 'Invalid input: $text contains NUL characters: binary data, not text', extensions: { code: 'BAD_USER_INPUT' } }]);
          expect(await counts()).toEqual(before);
          return;
        }
        const outcome = result.data.ingestArticle;
        if (outcome.__typename === 'MutationIngestArticleSuccess') {
          expect((await counts()).articles - before.articles).toBe(outcome.data.status === 'CREATED' ? 1 : 0);
        } else {
          expect(['ValidationError', 'LimitExceededError']).toContain(outcome.__typename);
          expect(outcome.message).toMatch(/^(Invalid input|The article is)/);
          expect(await counts()).toEqual(before);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('refuses binary data and a megabyte over the limit precisely', async () => {
    const before = await counts();
    const binary = await service.gql(INGEST, { text: `Baku: \u0000\u0001\u0002${'\u0000'.repeat(100)}` });
    expect(binary.errors![0]).toMatchObject({ message: 'Invalid input: $text contains NUL characters: binary data, not text', extensions: { code: 'BAD_USER_INPUT' } });
    const huge = await service.gql(INGEST, { text: 'x'.repeat(1_000_001) });
    expect(huge.data.ingestArticle.__typename).toBe('LimitExceededError');
    expect(await counts()).toEqual(before);
  });

  /** Posts a raw body; returns the status and the parsed answer. */
  const post = async (body: string) => {
    const response = await service.app.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${service.key}` }, body });
    const text = await response.text();
    expect(text).not.toMatch(LEAK);
    return { status: response.status, body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string; limit?: string } }[] } };
  };

  it('answers malformed JSON, random bodies and wrong shapes with a 4xx and a message', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 }), fc.constantFrom('{', '{"query":', '{"query": 42}', '[]', 'null', '{"query":"{ articles { totalCount } }","variables":"x"}')), async (body) => {
        const { status, body: answer } = await post(body);
        if (status === 200) return; // a body that happens to be a valid request
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
        expect(answer.errors?.[0]?.message).toEqual(expect.any(String));
      }),
      { numRuns: 120 },
    );
  });

  it('refuses deep nesting and huge alias counts before running them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 8, max: 300 }), fc.integer({ min: 31, max: 2000 }), async (depth, aliases) => {
        // A real path through the schema (event → participant → actor → participation → event ...),
        // so that the query is valid and only its depth can refuse it.
        const fields = ['events', 'edges', 'node', 'participants', 'edges', 'node', 'actor'];
        for (let i = 0; fields.length < depth + 12; i++) fields.push('participations', 'edges', 'node', 'event', 'participants', 'edges', 'node', 'actor');
        const deep = `{ ${fields.map((f) => `${f} { `).join('')}id${' }'.repeat(fields.length)} }`;
        const wide = `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: articles { totalCount }`).join(' ')} }`;
        for (const query of [deep, wide]) {
          const { status, body } = await post(JSON.stringify({ query }));
          expect(status).toBeLessThan(500);
          expect(body.data ?? null).toBeNull();
          expect(body.errors![0].extensions?.code, `${body.errors![0].message}`).toBe('LIMIT_EXCEEDED');
        }
        // The deep one is refused for its depth (its cost is over the limit too).
        const { body } = await post(JSON.stringify({ query: deep }));
        expect(body.errors!.map((e) => e.extensions?.limit)).toContain('depth');
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('answers variables of the wrong type with BAD_USER_INPUT, never an internal error', async () => {
    const query = 'query($first: Int, $filter: EventFilter, $order: EventOrder) { events(first: $first, filter: $filter, orderBy: $order) { totalCount } }';
    await fc.assert(
      fc.asyncProperty(fc.record({ first: fc.jsonValue(), filter: fc.jsonValue(), order: fc.jsonValue() }, { requiredKeys: [] }), async (variables) => {
        const { status, body } = await post(JSON.stringify({ query, variables }));
        expect(status).toBeLessThan(500);
        for (const e of body.errors ?? []) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('treats SQL and full-text injection strings as plain values in every filter and search', async () => {
    const before = await counts();
    const payloads = [
      `' OR '1'='1`, `'; DROP TABLE "Article"; --`, `" OR 1=1 --`, `1; DELETE FROM "Statement"`, `%' UNION SELECT id, body FROM "Article" --`,
      `\\'; SELECT pg_sleep(5); --`, `NEAR(a b)`, `title:*`, `"unbalanced`, `a OR b NOT c`, `!:* & | <->`, `*`, `)(`, `$1`, `?`, `\u0000`, `ZZZ' AND (SELECT count(*) FROM sqlite_master) > 0 --`,
    ];
    const id = (type: string, raw: string) => Buffer.from(`${type}:${raw}`).toString('base64');
    for (const p of payloads) {
      const queries: [string, Record<string, unknown>][] = [
        ['query($q: String!) { search(query: $q) { totalCount } }', { q: p }],
        ['query($q: String!) { articles(filter: { search: $q }) { totalCount } statements(filter: { search: $q }) { totalCount } }', { q: p }],
        ['query($q: String!) { actors(filter: { search: $q, countryCode: $q }) { totalCount } places(filter: { search: $q }) { totalCount } }', { q: p }],
        ['query($q: String!) { events(filter: { countryCode: $q }) { totalCount } }', { q: p }],
        ['query($id: ID!) { events(filter: { actor: $id }) { totalCount } statements(filter: { speaker: $id }) { totalCount } }', { id: id('Actor', p) }],
        ['query($id: ID!) { node(id: $id) { id } }', { id: id('Article', p) }],
        ['query($c: String) { events(first: 2, after: $c) { totalCount } }', { c: p }],
      ];
      for (const [query, variables] of queries) {
        const { status, body } = await post(JSON.stringify({ query, variables }));
        expect(status, `${p} in ${query}`).toBeLessThan(500);
        for (const e of body.errors ?? []) expect(e.extensions?.code, `${p} in ${query}: ${e.message}`).toMatch(/^(BAD_USER_INPUT|NOT_FOUND)$/);
      }
    }
    expect(await counts()).toEqual(before);
    // The tables are all still there and answer.
    expect((await service.data('{ articles { totalCount } statements { totalCount } events { totalCount } }')).articles.totalCount).toBe(before.articles);
  });
});
