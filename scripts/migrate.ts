/**
 * npm run migrate: applies pending migrations to $DATABASE_URL (default file:./data/newsgraph.db).
 */
import { migrateDatabase, databaseProvider } from '../server/storage/migrate.js';

const url = process.env.DATABASE_URL || 'file:./data/newsgraph.db';
const redacted = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

try {
  const started = performance.now();
  const { applied } = await migrateDatabase(url);
  const ms = Math.round(performance.now() - started);
  if (applied.length === 0) {
    console.log(`${redacted} (${databaseProvider(url)}): no pending migrations (${ms} ms)`);
  } else {
    console.log(`${redacted} (${databaseProvider(url)}): applied ${applied.length} migration(s) in ${ms} ms:`);
    for (const name of applied) console.log(`  ${name}`);
  }
} catch (e) {
  console.error(`Migrating ${redacted} failed:`);
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
