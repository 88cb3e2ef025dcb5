/** The shipped tagger weights, read once on first use. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deserialize, type Weights } from './tagger.js';

export const TAGGER_FILE = fileURLToPath(new URL('../data/attribution-tagger.txt', import.meta.url));

let loaded: Weights | null = null;
export function taggerWeights(): Weights {
  loaded ??= deserialize(readFileSync(TAGGER_FILE, 'utf8'));
  return loaded;
}
