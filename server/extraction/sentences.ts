import { MAX_SENTENCE_CHARS } from './text.js';

/**
 * The sentence (or sentences) of `text` that contain [start, end), as offsets into `text`. Only
 * MAX_SENTENCE_CHARS around the span are read, as extraction takes no longer sentence: a page of
 * statements over a long article costs the page, not the article once per statement.
 */
export function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  const boundary = /[.!?…]["”’»)]*\s+(?=["“‘«(]?[\p{Lu}\p{N}])|\n\s*\n/gu;
  const lo = Math.max(0, start - MAX_SENTENCE_CHARS);
  const hi = Math.min(text.length, end + MAX_SENTENCE_CHARS);
  // A window that cuts into a sentence starts and ends at a space.
  let from = lo === 0 ? 0 : Math.min(start, text.indexOf(' ', lo) + 1 || start);
  let to = hi === text.length ? hi : Math.max(end, text.lastIndexOf(' ', hi));
  for (const m of text.slice(lo, hi).matchAll(boundary)) {
    const at = lo + m.index;
    const after = at + m[0].length;
    // A boundary inside the span (a quote of two sentences) does not cut it.
    if (after <= start) from = after;
    else if (at >= end) {
      to = at + m[0].trimEnd().length;
      break;
    }
  }
  return { start: from, end: to };
}
