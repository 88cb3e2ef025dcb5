import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StructuredArticle } from './article-input.js';
import type { Db } from './db.js';
import { ingestStructuredArticle, type IngestResult } from './ingest.js';

const SAMPLE_DIR = fileURLToPath(new URL('../../prisma/sample/', import.meta.url));
export const SAMPLE_NAME = '2021-11-17-baku-border-clashes';

/**
 * The hand-checked structured version of the sample article. The JSON holds spans into the body,
 * which is the text file from `bodyStart` on, trailing whitespace trimmed.
 */
export function loadSampleArticle(name = SAMPLE_NAME): StructuredArticle {
  const text = readFileSync(`${SAMPLE_DIR}${name}.txt`, 'utf8');
  const data = JSON.parse(readFileSync(`${SAMPLE_DIR}${name}.json`, 'utf8'));
  const { bodyStart, ...article } = data.article;
  return {
    ...article,
    body: text.slice(bodyStart).trimEnd(),
    extractorVersion: 'manual',
    actors: data.actors,
    places: data.places,
    statements: data.statements,
    events: data.events.map(({ note: _note, ...event }: { note?: string }) => event),
  };
}

/** Loads the sample into an empty database; a database with any article is left alone. */
export async function seedSampleIfEmpty(db: Db): Promise<IngestResult | null> {
  if ((await db.article.count()) > 0) return null;
  return ingestStructuredArticle(db, loadSampleArticle());
}
