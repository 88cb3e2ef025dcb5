import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleArticle } from '../server/storage/sample.js';
import { startTestService, TEST_PROVIDERS, type TestService } from './harness.js';
import { INGEST } from './operations.js';

const sample = loadSampleArticle();

/** The team's copy of the sample, beside the repository in the workspace (not in a clone elsewhere). */
const SHARED = new URL('../../shared/sample/2021-11-17-baku-border-clashes.txt', import.meta.url);

describe('the hand-checked sample', () => {
  it.runIf(existsSync(SHARED))('is the shared sample article', () => {
    expect(readFileSync(new URL('../prisma/sample/2021-11-17-baku-border-clashes.txt', import.meta.url), 'utf8')).toBe(readFileSync(SHARED, 'utf8'));
  });

  it('has the header and dateline taken off the body', () => {
    expect(sample.body.startsWith('Armenia and Azerbaijan on Tuesday traded accusations')).toBe(true);
    expect(sample.publishedAt).toBe('2021-11-17');
    expect(sample.dateline).toBe('Baku');
  });

  it('has spans that point at their text', () => {
    for (const actor of sample.actors!) for (const m of actor.mentions!) expect(sample.body.slice(m.start, m.end)).toBe(m.text);
    for (const s of sample.statements!) expect(sample.body.slice(s.start, s.end)).toBe(s.quote);
    for (const e of sample.events!) for (const r of e.reports!) expect(sample.body.slice(r.start, r.end)).toBe(r.text);
  });
});

describe.each(TEST_PROVIDERS)('the sample through the API on %s', (provider) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(provider);
    const { extractorVersion: _v, ...input } = sample;
    const result = await service.data(INGEST, { input });
    expect(result.ingestArticle.data.status).toBe('CREATED');
  });
  afterAll(() => service?.dispose());

  const statementsOf = async (name: string) => {
    const d = await service.data(
      `query($q: String!) { actors(filter: { search: $q }) { edges { node { name statements(first: 50) { edges { node { quote kind cue sentence { text } } } } } } } }`,
      { q: name },
    );
    const actor = d.actors.edges.find((e: any) => e.node.name === name);
    return actor.node.statements.edges.map((e: any) => e.node);
  };

  it('gives the quotes after "it added" and "the ministry said" to the Azerbaijani ministry', async () => {
    const quotes = (await statementsOf('Ministry of Defence of Azerbaijan')).map((s: any) => s.quote);
    expect(quotes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Armenian troops attacked Azerbaijani positions in the districts of Kelbajar and Lachin/),
        'stopped the enemy’s advance, surrounded and detained Armenian servicemen',
        'two Azerbaijani troops were wounded in the clashes',
      ]),
    );
  });

  it("gives the Armenian ministry its two quotes and its indirect claim, each with the sentence behind it", async () => {
    const statements = await statementsOf('Ministry of Defence of Armenia');
    expect(statements.map((s: any) => [s.kind, s.quote])).toEqual(
      expect.arrayContaining([
        ['DIRECT', expect.stringMatching(/^attempted to break through the Armenia’s state border/)],
        ['DIRECT', expect.stringMatching(/^Azerbaijani armed forces are using artillery/)],
        ['INDIRECT', 'four Armenian soldiers were wounded'],
      ]),
    );
    const wounded = statements.find((s: any) => s.quote === 'four Armenian soldiers were wounded');
    expect(wounded.sentence.text).toBe(
      'It said that four Armenian soldiers were wounded and noted that "Azerbaijani armed forces are using artillery and weapons of various calibres."',
    );
  });

  it('has the events design.md lists, with resolved dates', async () => {
    const d = await service.data(`{ events(first: 50, orderBy: { field: DATE, direction: ASC }) {
      totalCount edges { node { type date datePrecision fatalities injuries place { name } participants { totalCount } reports { totalCount } } } } }`);
    const events = d.events.edges.map((e: any) => e.node);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'ASSAULT', date: '2021-11-16', datePrecision: 'DAY', place: { name: 'Kelbajar' } }),
        expect.objectContaining({ type: 'ACCUSE', date: '2021-11-16' }),
        expect.objectContaining({ type: 'REQUEST', date: '2021-11-16' }),
        expect.objectContaining({ type: 'ASSAULT', date: '2020-01-01', datePrecision: 'YEAR', fatalities: 6500 }),
        expect.objectContaining({ type: 'AGREE', date: '2020-11-01', datePrecision: 'MONTH' }),
        expect.objectContaining({ date: '2021-11-13', place: { name: 'Lachin Corridor' } }),
        expect.objectContaining({ type: 'ACCUSE', date: '2021-11-14' }),
      ]),
    );
    for (const e of events) expect(e.reports.totalCount).toBeGreaterThan(0);
  });

  it('links Armen Grigoryan to Armenia with his title', async () => {
    const d = await service.data(`{ actors(filter: { search: "Grigoryan" }) { edges { node { name kind title countryCode parent { name } } } } }`);
    expect(d.actors.edges.map((e: any) => e.node)).toEqual([
      { name: 'Armen Grigoryan', kind: 'PERSON', title: 'Security Council Secretary', countryCode: 'ARM', parent: { name: 'Armenia' } },
    ]);
  });
});
