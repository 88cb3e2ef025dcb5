/**
 * Extraction off the request thread: a pool of worker threads (piscina), each article with a time
 * budget. Extraction is CPU work of up to seconds for a long article; on the request thread it would
 * hold every other request, /health included, for as long.
 */
import { Piscina } from 'piscina';
import type { ArticleMeta, Extraction } from './index.js';

export class ExtractionTimeoutError extends Error {
  constructor(readonly budgetMs: number) {
    super(`extraction took longer than its budget of ${budgetMs} ms`);
    this.name = 'ExtractionTimeoutError';
  }
}

export interface PoolOptions {
  /** Worker threads; they start on first use and stop when idle. */
  threads: number;
  /** The most one article may take; its worker is then stopped and replaced. */
  budgetMs: number;
}

let pool: Piscina | null = null;
let poolThreads = 0;

function poolOf(threads: number): Piscina {
  if (pool && poolThreads === threads) return pool;
  void pool?.destroy();
  poolThreads = threads;
  // Idle workers stop after a while (and never keep a short command alive); the weights load again on the next start.
  pool = new Piscina({ filename: new URL('./worker.js', import.meta.url).href, minThreads: 0, maxThreads: threads, idleTimeout: 30_000 });
  return pool;
}

/** `extractArticle(text, meta)` in a worker thread, or ExtractionTimeoutError after `budgetMs`. */
export async function extractOffThread(text: string, meta: ArticleMeta, options: PoolOptions): Promise<Extraction> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.budgetMs);
  try {
    return (await poolOf(options.threads).run({ text, meta }, { signal: abort.signal })) as Extraction;
  } catch (error) {
    if (abort.signal.aborted) throw new ExtractionTimeoutError(options.budgetMs);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
