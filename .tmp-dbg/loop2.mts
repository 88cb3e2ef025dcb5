import { extractArticle } from '../server/extraction/index.js';
import { loadFixtures } from '../scripts/evaluate.js';
const texts = [...loadFixtures('tuned'), ...loadFixtures('unseen')].map((f) => f.text);
const s = performance.now();
while (performance.now() - s < 6000) for (const t of texts) extractArticle(t);
