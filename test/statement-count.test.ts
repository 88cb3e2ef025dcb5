import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { syntheticArticle } from './fixtures.js';

const NESTED = /* GraphQL */ `
  query Nested($first: Int!) {
    events(first: $first, orderBy: { field: DATE, direction: DESC }) {
      totalCount
      edges { node {
        summary
        participants(first: 10) { edges { node {
          role
          actor { name statements(first: 5) { totalCount edges { node { quote sentence { text } article { title } } } } }
        } } }
      } }
    }
  }
`;

describe.each(TEST_PROVIDERS)('SQL statements per request on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
    for (let i = 0; i < 12; i++) await ingest(service, syntheticArticle(100 + i, 5));
  });
  afterAll(() => service?.dispose());

  const countFor = async (first: number) => {
    service.db.statements.reset();
    const d = await service.data(NESTED, { first });
    const statements = service.db.statements.reset();
    const edges = d.events.edges;
    return { statements, events: edges.length, actorStatements: edges.flatMap((e: any) => e.node.participants.edges.flatMap((p: any) => p.node.actor.statements.edges)).length };
  };

  it('does not grow with the page size of a three-level nested query (events → actors → statements)', async () => {
    const small = await countFor(5);
    // 40, not 50: 50 events of this query cost more than MAX_COST (its 2,500 sentences).
    const large = await countFor(40);
    expect(small.events).toBe(5);
    expect(large.events).toBe(40);
    expect(large.actorStatements).toBeGreaterThan(small.actorStatements * 5);
    expect(large.statements).toBe(small.statements);
    expect(small.statements).toBeLessThanOrEqual(10);
    console.log(`${provider}: ${small.statements} SQL statements at first: 5 and ${large.statements} at first: 40`);
  });
});
