import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, loadFixtures } from '../scripts/evaluate.js';

/**
 * The extractor's scores on the tuned fixtures (the ones the rules were written on) may only go up,
 * save when a new extractor resets the baseline, as the learned model did.
 * The baseline is test/fixtures/eval-baseline.json; raise it (npm run eval -- --set tuned --json) when
 * the extractor improves. The learned model set it anew (quotes with the right speaker 0.964 under
 * the rules, 0.929 now, while it rose from 0.53 to 0.63 on the unseen fixtures): the floors on the
 * dev and unseen fixtures and on PolNeAR are in attribution.test.ts.
 */
const baseline = JSON.parse(readFileSync(new URL('./fixtures/eval-baseline.json', import.meta.url), 'utf8')) as Record<string, { f1: number }>;

describe('extraction quality on the fixtures', () => {
  const fixtures = loadFixtures();
  const result = evaluate(fixtures);

  it('has the sample and at least 12 real articles, each gold annotation pointing at its text', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(13);
    for (const { name, text, gold } of fixtures) {
      for (const a of gold.actors) for (const m of a.mentions) expect(text.slice(m.start, m.end), `${name}: ${a.name}`).toBe(m.text);
      for (const s of gold.statements) expect(text.slice(s.start, s.end), name).toBe(s.quote);
      const names = new Set(gold.actors.map((a) => a.name));
      for (const s of gold.statements) if (s.speaker) expect(names.has(s.speaker), `${name}: speaker ${s.speaker}`).toBe(true);
      for (const e of gold.events) for (const p of e.participants) expect(names.has(p.name), `${name}: participant ${p.name}`).toBe(true);
    }
  });

  it.each(Object.keys(baseline))('%s F1 stays at or above its recorded baseline', (component) => {
    const score = (result as unknown as Record<string, { f1: number }>)[component];
    expect(score.f1).toBeGreaterThanOrEqual(baseline[component].f1 - 1e-9);
  });

  it('meets the targets for quotes with the right speaker (0.90) and actors (0.85)', () => {
    expect(result.quoteSpeakers.f1).toBeGreaterThanOrEqual(0.9);
    expect(result.actors.f1).toBeGreaterThanOrEqual(0.85);
  });
});
