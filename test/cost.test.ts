/**
 * Issue 12, cases 2 and 9: the cost estimate counts what a field can return (capped lists by their
 * `first`, text by its size class, introspection by the size of a dump), aliases are refused before
 * validation, and introspection needs a key when reads do. Through the real app, on both databases.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../server/settings.js';
import { INTROSPECTION_COST } from '../server/http/limits.js';
import { TEXT_COST } from '../server/graphql/builder.js';
import { ingest, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';

const codes = (result: { errors?: { extensions?: Record<string, any> }[] }) => result.errors?.map((e) => [e.extensions?.code, e.extensions?.limit]);

describe.each(TEST_PROVIDERS)('cost of what a field can return on %s', (provider) => {
  let service: TestService;
  let parentId: string;
  let articleId: string;
  const BODY_LENGTH = 196_000;

  beforeAll(async () => {
    service = await startTestService(provider);
    // An actor with 1,000 children, as the issue found them (written directly: only their number matters).
    const parent = await service.db.prisma.actor.create({ data: { name: 'Big State', kind: 'STATE' } });
    await service.db.prisma.actor.createMany({ data: Array.from({ length: 1_000 }, (_, i) => ({ name: `Child ${String(i).padStart(4, '0')}`, kind: 'GOVERNMENT' as const, parentId: parent.id })) });
    await service.db.prisma.actorAlias.createMany({ data: Array.from({ length: 150 }, (_, i) => ({ actorId: parent.id, text: `Big State ${i}`, normalized: `big state ${String(i).padStart(3, '0')}` })) });
    parentId = encodeGlobalID('Actor', parent.id);
    // A 196,000-character article with 100 statements.
    let body = '';
    const statements = [];
    for (let i = 0; i < 100; i++) {
      const quote = `point number ${i} stands`;
      body += 'Big State said "';
      statements.push({ speakerRef: 'big', quote, kind: 'DIRECT', start: body.length, end: body.length + quote.length });
      body += `${quote}". `;
    }
    body = `${body}${'Filler words go on. '.repeat(BODY_LENGTH)}`.slice(0, BODY_LENGTH);
    await ingest(service, { body, actors: [{ ref: 'big', name: 'Big State', kind: 'STATE' }], statements });
    articleId = (await service.db.prisma.article.findFirstOrThrow({ select: { id: true } })).id.toString();
  }, 120_000);
  afterAll(async () => service?.dispose());

  const anonymous = (query: string, variables?: Record<string, unknown>) => service.gql(query, variables, { key: null });

  it('answers the 1,000-children nesting query a page at a time, and refuses deeper or larger ones', async () => {
    const nesting = await anonymous(`query($id: ID!) { node(id: $id) { ... on Actor { children { parent { children { id } } } } } }`, { id: parentId });
    expect(nesting.errors).toBeUndefined();
    expect(nesting.data.node.children).toHaveLength(20);
    for (const child of nesting.data.node.children) expect(child.parent.children).toHaveLength(20);
    // The page the client names, up to 100: its children are in name order.
    const page = await anonymous(`query($id: ID!) { node(id: $id) { ... on Actor { children(first: 100) { name } aliases(first: 100) { text } } } }`, { id: parentId });
    expect(page.data.node.children).toHaveLength(100);
    expect(page.data.node.children[99].name).toBe('Child 0099');
    expect(page.data.node.aliases).toHaveLength(100);
    const over = await anonymous(`query($id: ID!) { node(id: $id) { ... on Actor { children(first: 1000) { id } } } }`, { id: parentId });
    expect(over.errors).toEqual([{ message: 'Invalid paging arguments: children: "first" is 1000; it must be between 0 and 100', extensions: { code: 'BAD_USER_INPUT' } }]);
    // 100 × 100 × 100 children: refused by cost before anything runs.
    const deep = await anonymous(`query($id: ID!) { node(id: $id) { ... on Actor { children(first: 100) { parent { children(first: 100) { parent { children(first: 100) { id } } } } } } } }`, { id: parentId });
    expect(codes(deep)).toEqual([['LIMIT_EXCEEDED', 'cost']]);
    expect(deep.errors![0].extensions!.actual).toBeGreaterThan(1_000_000);
  });

  it('refuses two aliases of a 100-statement page selecting article { body } over a large article', async () => {
    const page = (alias: string) => `${alias}: statements(first: 100, filter: { article: $article }) { edges { node { article { body } } } }`;
    const twice = await anonymous(`query($article: ID!) { ${page('a')} ${page('b')} }`, { article: encodeGlobalID('Article', articleId) });
    expect(codes(twice)).toEqual([['LIMIT_EXCEEDED', 'cost']]);
    expect(twice.errors![0].extensions!.actual).toBeGreaterThan(200 * TEXT_COST.article);
    // A body costs as much as a thousand names: ten of them pass.
    const few = await anonymous(`query($article: ID!) { statements(first: 10, filter: { article: $article }) { edges { node { article { body } } } } }`, { article: encodeGlobalID('Article', articleId) });
    expect(few.errors).toBeUndefined();
    expect(few.data.statements.edges[0].node.article.body).toHaveLength(BODY_LENGTH);
    // Sentences cost more than names too: 100 × 100 of them are refused, where names would pass.
    const sentences = await anonymous(`{ actors(first: 100) { edges { node { statements(first: 100) { edges { node { sentence { text } } } } } } } }`);
    expect(codes(sentences)).toEqual([['LIMIT_EXCEEDED', 'cost']]);
    expect((await anonymous(`{ actors(first: 100) { edges { node { statements(first: 100) { edges { node { cue } } } } } } }`)).errors).toBeUndefined();
  });
});

describe('anonymous requests that cost before any limit (issue 12, case 9)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('sqlite');
  });
  afterAll(async () => service?.dispose());

  const full = getIntrospectionQuery({ descriptions: true });
  /** n aliased full dumps of the schema in one operation. */
  const dumps = (n: number) => {
    const operation = full.slice(0, full.indexOf('fragment'));
    const inner = operation.slice(operation.indexOf('{') + 1, operation.lastIndexOf('}')).trim();
    return `{ ${Array.from({ length: n }, (_, i) => `s${i}: ${inner}`).join(' ')} } ${full.slice(full.indexOf('fragment'))}`;
  };

  it('refuses 300 aliases before validating them', async () => {
    // Fields that do not exist: validation would say so; the alias count answers first.
    const r = await service.gql(`{ ${Array.from({ length: 300 }, (_, i) => `a${i}: noSuchField { __typename }`).join(' ')} }`, undefined, { key: null });
    expect(r.errors).toEqual([{ message: 'The operation uses 300 aliases; the limit is 30 (MAX_ALIASES).', extensions: { code: 'LIMIT_EXCEEDED', limit: 'aliases', maximum: 30, actual: 300 } }]);
  });

  it('costs introspection: two full dumps a request pass, three are refused', async () => {
    expect(2 * INTROSPECTION_COST.__schema).toBeLessThanOrEqual(defaultSettings().limits.maxCost);
    const two = await service.gql(dumps(2), undefined, { key: null });
    expect(two.errors).toBeUndefined();
    expect(two.data.s1.types.length).toBeGreaterThan(50);
    for (const n of [3, 30]) {
      const r = await service.gql(dumps(n), undefined, { key: null });
      expect(codes(r)).toEqual([['LIMIT_EXCEEDED', n > 30 ? 'aliases' : 'cost']]);
      expect(r.data).toBeUndefined();
    }
  });

  it('needs a key for introspection when reads need one (READS_REQUIRE_KEY)', async () => {
    const closed = await startTestService('sqlite', defaultSettings({ readsRequireKey: true }));
    try {
      for (const query of [full, '{ __type(name: "Actor") { fields { name } } }', '{ __schema { queryType { name } } }']) {
        const response = await closed.app.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query }) });
        expect(response.status).toBe(401);
        const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
        expect(body.data ?? null).toBeNull();
        expect(body.errors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
      }
      const keyed = await closed.gql(full);
      expect(keyed.errors).toBeUndefined();
      expect(keyed.data.__schema.types.length).toBeGreaterThan(50);
    } finally {
      await closed.dispose();
    }
  });
});
