/** Tokens and the sequences the attribution tagger reads: one sequence per paragraph. Pure. */
import { sentences, type TextSpan } from '../text.js';

export interface Token {
  start: number;
  end: number;
  text: string;
  /** Index of the token's sentence within its paragraph. */
  sentence: number;
  /** Position of the token within its sentence. */
  inSentence: number;
  /** The token lies between an opening and a closing quotation mark of its paragraph. */
  inQuote: boolean;
}

export interface Sequence {
  paragraph: TextSpan;
  sentences: TextSpan[];
  tokens: Token[];
}

/**
 * Initialisms ("U.S."), words with inner hyphens, apostrophes or ampersands ("don’t", "AT&T"),
 * a possessive ’s on its own, and any other non-space character alone.
 */
const TOKEN = /(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:[-&][\p{L}\p{N}]+)*(?:['’](?![sS]\b)\p{L}+)?|['’][sS]\b|\S/gu;

export const OPEN_QUOTES = new Set(['“', '«', '„']);
export const CLOSE_QUOTES = new Set(['”', '»']);

export function tokenize(text: string, paragraph: TextSpan, sents = sentences(text, paragraph)): Sequence {
  const tokens: Token[] = [];
  let open = false;
  let s = 0;
  let inSentence = 0;
  const body = text.slice(paragraph.start, paragraph.end);
  for (const m of body.matchAll(TOKEN)) {
    const start = paragraph.start + m.index;
    while (s < sents.length - 1 && start >= sents[s].end) {
      s++;
      inSentence = 0;
    }
    const t = m[0];
    let inQuote = open;
    if (OPEN_QUOTES.has(t) || (t === '"' && !open)) {
      open = true;
      inQuote = true;
    } else if (CLOSE_QUOTES.has(t) || (t === '"' && open)) {
      open = false;
    }
    tokens.push({ start, end: start + t.length, text: t, sentence: s, inSentence: inSentence++, inQuote });
  }
  return { paragraph, sentences: sents, tokens };
}
