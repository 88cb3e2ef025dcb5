/**
 * Extraction runs off the request thread, with a time budget per article: the real server process,
 * over HTTP. A long adversarial article cannot hold /health, and one over its budget is refused with
 * a typed error and leaves nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentenceAround } from '../server/extraction/sentences.js';
import { MAX_SENTENCE_CHARS, paragraphs, sentences } from '../server/extraction/text.js';
import { createKeyFor, startServer, stop, type Running } from './server-process.js';

/**
 * A budget far under what the text below takes to extract on any machine (seconds), and far over
 * what a short article takes once the worker has started (milliseconds).
 */
const BUDGET_MS = 1000;
/** About a million characters of one long sentence of speakers and speech verbs: the slowest text found. */
const ADVERSARIAL = 'said President Smith, '.repeat(45_000).slice(0, 990_000);

describe('extraction in worker threads (real server, SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-pool-'));
  let server: Running;
  let key: string;
  const post = async (query: string, variables: object) => {
    const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const INGEST = `mutation($text: String!) { ingestArticle(input: { text: $text }) {
    __typename ... on MutationIngestArticleSuccess { data { status } } ... on LimitExceededError { limit maximum message } } }`;
  const articleCount = async () => (await post('{ articles { totalCount } }', {})).body.data.articles.totalCount;

  beforeAll(async () => {
    const url = `file:${join(dir, 'ng.db')}`;
    key = await createKeyFor(url, ['read', 'write']);
    server = await startServer({ DATABASE_URL: url, SEED_SAMPLE: 'false', EXTRACTION_BUDGET_MS: String(BUDGET_MS), EXTRACTION_THREADS: '1' });
  }, 60_000);
  afterAll(async () => {
    if (server) await stop(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /health while a million-character article is extracted, refuses it at its budget, and stores nothing', async () => {
    // The worker's start (its model loads) counts against the budget of the article that starts it:
    // short articles are sent until one is extracted in time, so that the budget below measures extraction alone.
    const warmed = [];
    for (let i = 0; i < 20 && warmed.at(-1) !== 'MutationIngestArticleSuccess'; i++) {
      warmed.push((await post(INGEST, { text: `Kyiv: The UN said on Monday that "the talks will go on" (${i}).` })).body.data?.ingestArticle.__typename);
    }
    expect(warmed.at(-1), JSON.stringify(warmed)).toBe('MutationIngestArticleSuccess');
    const before = await articleCount();
    const ingesting = post(INGEST, { text: ADVERSARIAL });
    const health: number[] = [];
    let settled = false;
    void ingesting.finally(() => (settled = true));
    while (!settled) {
      const response = await fetch(`http://127.0.0.1:${server.port}/health`);
      health.push(response.status);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Answered all along: the request thread was free (how fast is the benchmark's business).
    expect(health.length).toBeGreaterThan(5);
    expect(health.every((s) => s === 200)).toBe(true);
    const refused = (await ingesting).body;
    expect(refused.errors).toBeUndefined();
    expect(refused.data.ingestArticle).toMatchObject({ __typename: 'LimitExceededError', limit: 'extractionTime', maximum: BUDGET_MS });
    expect(refused.data.ingestArticle.message).toMatch(/EXTRACTION_BUDGET_MS/);
    expect(await articleCount()).toBe(before);
    // The stopped worker is replaced: the next article is extracted as usual.
    const next = await post(INGEST, { text: 'Baku: Azerbaijan’s defence ministry said on Tuesday that "the border is calm".' });
    expect(next.body.data.ingestArticle).toEqual({ __typename: 'MutationIngestArticleSuccess', data: { status: 'CREATED' } });
    expect(await articleCount()).toBe(before + 1);
  }, 120_000);
});

describe('sentences', () => {
  it('are never longer than MAX_SENTENCE_CHARS, so that no per-sentence step sees a whole text without full stops', () => {
    const text = ADVERSARIAL.slice(0, 50_000);
    const spans = paragraphs(text).flatMap((p) => sentences(text, p));
    expect(spans.length).toBeGreaterThan(50_000 / MAX_SENTENCE_CHARS);
    for (const s of spans) expect(s.end - s.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    // They tile the text: nothing but spaces between them.
    for (let i = 1; i < spans.length; i++) expect(text.slice(spans[i - 1].end, spans[i].start)).toMatch(/^\s*$/);
  });

  it('around a statement reads only MAX_SENTENCE_CHARS either side, and still finds the sentence', () => {
    const text = `${'word '.repeat(200_000)}The end. He said "it is over." Then he left.`;
    const at = text.indexOf('He said');
    const s = sentenceAround(text, at + 9, at + 19);
    expect(text.slice(s.start, s.end)).toBe('He said "it is over."');
    // No sentence end for a megabyte before it: the sentence is cut at a space near the window's edge.
    const lone = sentenceAround(text, 500_000, 500_010);
    expect(lone.end - lone.start).toBeLessThanOrEqual(2 * MAX_SENTENCE_CHARS + 10);
    expect(text[lone.start - 1]).toBe(' ');
  });
});
