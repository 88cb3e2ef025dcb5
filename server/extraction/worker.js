// The extraction worker's entry. A worker thread starts without the tsx loader that the main thread
// registered (bin/newsgraph.js, or vitest's), so it registers its own before it loads the extractor.
import { register } from 'tsx/esm/api';

register();
const { extractArticle } = await import('./index.ts');

/** @param {{ text: string, meta: import('./index.ts').ArticleMeta }} task */
export default function extract({ text, meta }) {
  return extractArticle(text, meta);
}
