import { openDatabase } from '../server/storage/db.js';
import { ingestText } from '../server/storage/extracted.js';
import { migrateDatabase } from '../server/storage/migrate.js';
import { loadFixtures } from '../scripts/evaluate.js';
import { rmSync } from 'node:fs';
const url = 'file:/tmp/ing-test.db';
rmSync('/tmp/ing-test.db', { force: true });
await migrateDatabase(url);
const db = await openDatabase(url);
for (const set of ['tuned', 'dev', 'unseen'] as const) for (const f of loadFixtures(set)) {
  try { await ingestText(db.prisma, { text: f.text }); } catch (e) { console.log(set, f.name, (e as Error).message, JSON.stringify((e as any).meta ?? (e as any).cause?.meta ?? '')); }
}
await db.close();
