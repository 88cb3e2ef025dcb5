import { readFileSync } from 'node:fs';
import { extractArticle, normalizeName } from '../server/extraction/index.js';
const text = readFileSync('test/fixtures/articles/b-2021-04-tigray-eritrean-soldiers-adwa.txt', 'utf8');
const x = extractArticle(text);
const seen = new Map<string, string>();
for (const a of x.actors) for (const n of [a.name, ...a.aliases]) { const k = normalizeName(n); if (seen.has(k) && seen.get(k) !== a.name) console.log('dup alias', k, seen.get(k), '|', a.name); seen.set(k, a.name); }
console.log(x.actors.map((a) => `${a.name} [${a.aliases.join(', ')}]`).join('\n'));
