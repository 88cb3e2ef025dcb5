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
 * the engine compares.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { renderSchemas, projectRoot, FIX_COMMAND } from './render-schemas.js';
import { defaultPgShadowUrl, readMigrationsList, schemaFilterFor, withSchemaEngine } from '../server/storage/schema-engine.js';

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
    const result = await withSchemaEngine(
      {
        provider: target.provider,
        url: target.provider === 'sqlite' ? ':memory:' : defaultPgShadowUrl(),
        datamodels: [[schemaFile.path, schemaFile.content]],
      },
      (engine) =>
        engine.diff({
          from: { tag: 'migrations', ...migrationsList },
          to: { tag: 'schemaDatamodel', files: [schemaFile] },
          script: false,
          exitCode: true,
          filters: schemaFilterFor(target.provider, migrationsList),
        }),
    );
    if (result.exitCode === 0) {
      console.log(`✓ ${target.provider}: ${migrationsList.migrationDirectories.length} migration(s) in ${where} match the schema`);
    } else {
      console.error(`✗ ${target.provider}: the migrations in ${where} do not produce the schema (drift):`);
      console.error((result.stdout ?? '').trim().replace(/^/gm, '    '));
      console.error(`  Run \`npm run migration:create -- <name>\` to create the missing migration.`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
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
