/** The sentence (or sentences) of `text` that contain [start, end), as offsets into `text`. */
export function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  const boundary = /[.!?…]["”’»)]*\s+(?=["“‘«(]?[\p{Lu}\p{N}])|\n\s*\n/gu;
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(boundary)) {
    const after = m.index + m[0].length;
    // A boundary inside the span (a quote of two sentences) does not cut it.
    if (after <= start) from = after;
    else if (m.index >= end) {
      to = m.index + m[0].trimEnd().length;
      break;
    }
  }
  return { start: from, end: to };
}
