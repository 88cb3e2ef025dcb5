/**
 * npm run check:migrations
 *
 * Fails (exit 1, naming the fix) when
 *  - prisma/sqlite/schema.prisma or prisma/postgres/schema.prisma differ from what
 *    prisma/schema.prisma renders to, or
 *  - replaying all migrations of a provider on an empty shadow database and diffing the result against
 *    that provider's schema yields any change (drift: a schema change without its migration).
 * Hand-made objects that Prisma's model can't express are not drift: SQLite FTS5 virtual tables (and
 * their shadow tables) are passed as external tables; triggers and functions are not part of the schema
 * the engine compares. Because of that, a third check replays the SQLite migrations into a temporary
 * file and verifies that every FTS5 table still has its INSERT/UPDATE/DELETE triggers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { migrateDatabase } from '../server/storage/migrate.js';
import { renderSchemas, projectRoot, FIX_COMMAND } from './render-schemas.js';
import { diffMigrationsToSchema, ftsTablesOf, readMigrationsList } from '../server/storage/schema-engine.js';

async function main(): Promise<number> {
  let failed = false;
  const rendered = renderSchemas({ check: true });
  for (const r of rendered.filter((x) => !x.upToDate)) {
    console.error(`✗ ${relative(projectRoot, r.target.schemaPath)} is out of date with prisma/schema.prisma: run \`${FIX_COMMAND}\`.`);
    failed = true;
  }

  for (const { target } of rendered) {
    // Compare against the committed rendered file: that is what the migrations must match.
    const content = await readFile(target.schemaPath, 'utf8').catch(() => null);
    const where = relative(projectRoot, target.migrationsDir);
    if (content === null) {
      console.error(`✗ ${relative(projectRoot, target.schemaPath)} is missing: run \`${FIX_COMMAND}\`.`);
      failed = true;
      continue;
    }
    const migrationsList = await readMigrationsList(target.migrationsDir);
    if (migrationsList.migrationDirectories.length === 0) {
      console.error(`✗ ${target.provider}: no migrations in ${where}: run \`npm run migration:create -- <name>\`.`);
      failed = true;
      continue;
    }
    const schemaFile = { path: target.schemaPath, content };
    const result = await diffMigrationsToSchema(target.provider, schemaFile, migrationsList, false);
    if (result.exitCode === 0) {
      console.log(`✓ ${target.provider}: ${migrationsList.migrationDirectories.length} migration(s) in ${where} match the schema`);
    } else {
      console.error(`✗ ${target.provider}: the migrations in ${where} do not produce the schema (drift):`);
      console.error((result.stdout ?? '').trim().replace(/^/gm, '    '));
      console.error(`  Run \`npm run migration:create -- <name>\` to create the missing migration.`);
      failed = true;
    }
  }
  if (!(await checkSqliteSearchTriggers())) failed = true;
  return failed ? 1 : 0;
}

/**
 * Applies every SQLite migration to a temporary file and checks that each FTS5 external-content table
 * is still kept in sync by INSERT, UPDATE and DELETE triggers on its content table (a migration that
 * redefines the table drops them; scripts/create-migration.ts re-creates them).
 */
async function checkSqliteSearchTriggers(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-check-'));
  try {
    const file = join(dir, 'check.db');
    await migrateDatabase(`file:${file}`);
    const db = new Database(file, { readonly: true });
    let ok = true;
    try {
      const objects = db.prepare(`SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE sql IS NOT NULL`).all() as {
        type: string;
        name: string;
        tbl: string;
        sql: string;
      }[];
      const fts = ftsTablesOf(objects.filter((o) => o.type === 'table').map((o) => `${o.sql};`));
      for (const { name, contentTable } of fts) {
        if (!contentTable) continue;
        const triggers = objects.filter((o) => o.type === 'trigger' && o.tbl === contentTable && o.sql.includes(name));
        const missing = ['INSERT', 'UPDATE', 'DELETE'].filter(
          (event) => !triggers.some((t) => new RegExp(`\\b(AFTER|BEFORE)\\s+${event}\\b`, 'i').test(t.sql)),
        );
        if (missing.length > 0) {
          console.error(`✗ sqlite: after all migrations, "${name}" is not kept in sync with "${contentTable}": no ${missing.join('/')} trigger.`);
          console.error(`  Append the triggers (and INSERT INTO "${name}"("${name}") VALUES ('rebuild');) to a new migration.`);
          ok = false;
        }
      }
      if (ok) console.log(`✓ sqlite: full-text tables kept in sync by triggers (${fts.map((f) => f.name).join(', ') || 'none'})`);
    } finally {
      db.close();
    }
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
