import { extractArticle } from '../server/extraction/index.js';
import { loadFixtures } from '../scripts/evaluate.js';
const texts = [...loadFixtures('tuned'), ...loadFixtures('unseen')].map((f) => f.text);
for (const mode of ['model', 'rules', 'model', 'rules'] as const) {
  for (const t of texts) extractArticle(t, { attribution: mode });
  const s = performance.now(); let n = 0;
  while (performance.now() - s < 3000) { for (const t of texts) extractArticle(t, { attribution: mode }); n += texts.length; }
  console.log(mode, (n / ((performance.now() - s) / 1000)).toFixed(1), 'articles/s');
}
