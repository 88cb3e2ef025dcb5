import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrateDatabase, migrationsDir } from '../server/storage/migrate.js';
import { openDatabase } from '../server/storage/db.js';
import { startTestService, TEST_PROVIDERS } from './harness.js';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;

async function tsx(cwd: string, script: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script], { cwd, env: process.env });
    return { code: 0, output: stdout + stderr };
  } catch (error: any) {
    return { code: error.code ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

describe('schemas and migrations produced from prisma/schema.prisma', () => {
  it('are in step with the model: the drift check passes on the committed files', async () => {
    const result = await tsx(ROOT, 'scripts/check-migrations.ts');
    expect(result.output).not.toMatch(/✗/);
    expect(result.code).toBe(0);
  });

  describe('on a copy of the project with a changed model', () => {
    const copy = mkdtempSync(join(tmpdir(), 'newsgraph-drift-'));
    afterAll(() => rmSync(copy, { recursive: true, force: true }));
    for (const part of ['prisma', 'scripts', 'server', 'package.json', 'prisma.config.ts']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const schema = join(copy, 'prisma', 'schema.prisma');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('  name      String    @unique\n', '  name      String    @unique\n  country   String?\n'));

    it('fails while the rendered schemas are stale, naming the command that fixes it', async () => {
      const result = await tsx(copy, 'scripts/check-migrations.ts');
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/prisma\/sqlite\/schema.prisma is out of date.*npm run generate/);
    });

    it('fails when the schemas are rendered but no migration was created', async () => {
      expect((await tsx(copy, 'scripts/render-schemas.ts')).code).toBe(0);
      const result = await tsx(copy, 'scripts/check-migrations.ts');
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/country/);
    });
  });
});

describe('migrateDatabase on a SQLite file that another process is writing', () => {
  it('says so, instead of a lock timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsgraph-busy-'));
    const writer = new Database(join(dir, 'busy.db'));
    try {
      writer.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);');
      await expect(migrateDatabase(`file:${join(dir, 'busy.db')}`)).rejects.toThrow(/another process has the database open \(a running server\?\)/);
    } finally {
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe.each(TEST_PROVIDERS)('migrateDatabase on %s', (provider) => {
  it('applies each migration once and records Prisma\'s checksum', async () => {
    const service = await startTestService(provider); // already migrated once
    try {
      // Nothing pending: answered from _prisma_migrations, beside the service's open connection.
      expect(await migrateDatabase(service.url)).toEqual({ applied: [] });
      if (provider === 'sqlite') await service.db.close();
      const db = provider === 'sqlite' ? await openDatabase(service.url) : service.db;
      const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: unknown }[]>(
        'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
      );
      const dir = migrationsDir(provider);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const sql = readFileSync(join(dir, row.migration_name, 'migration.sql'));
        expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
        expect(row.finished_at).not.toBeNull();
      }
      if (db !== service.db) await db.close();
    } finally {
      await service.dispose();
    }
  });
});
