/**
 * Renders the single-source data model prisma/schema.prisma into one schema per provider:
 *   prisma/sqlite/schema.prisma    (lines marked `// @postgres` dropped)
 *   prisma/postgres/schema.prisma  (lines marked `// @sqlite` dropped)
 * The markers are stripped, `{{provider}}` becomes sqlite|postgresql and `{{client}}` sqlite|postgres.
 *
 *   tsx scripts/render-schemas.ts          write the rendered files
 *   tsx scripts/render-schemas.ts --check  write nothing; exit 1 when the committed files are stale
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const sourceSchemaPath = join(projectRoot, 'prisma', 'schema.prisma');

export type Provider = 'sqlite' | 'postgresql';

export interface ProviderTarget {
  provider: Provider;
  /** Directory name under prisma/ and server/generated/. */
  client: 'sqlite' | 'postgres';
  /** The marker of lines that belong to this provider only. */
  marker: '@sqlite' | '@postgres';
  schemaPath: string;
  migrationsDir: string;
}

export const targets: ProviderTarget[] = [
  {
    provider: 'sqlite',
    client: 'sqlite',
    marker: '@sqlite',
    schemaPath: join(projectRoot, 'prisma', 'sqlite', 'schema.prisma'),
    migrationsDir: join(projectRoot, 'prisma', 'sqlite', 'migrations'),
  },
  {
    provider: 'postgresql',
    client: 'postgres',
    marker: '@postgres',
    schemaPath: join(projectRoot, 'prisma', 'postgres', 'schema.prisma'),
    migrationsDir: join(projectRoot, 'prisma', 'postgres', 'migrations'),
  },
];

export const FIX_COMMAND = 'npm run generate';

const MARKER = /\s*\/\/\s*(@sqlite|@postgres)\s*$/;

export function renderSchema(source: string, target: ProviderTarget): string {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  // Drop the source's leading comment block (it describes the template, not the rendered file).
  let start = 0;
  while (start < lines.length && lines[start]!.startsWith('//')) start++;
  while (start < lines.length && lines[start]!.trim() === '') start++;

  const out: string[] = [];
  for (const line of lines.slice(start)) {
    const m = MARKER.exec(line);
    if (m) {
      if (m[1] !== target.marker) continue;
      out.push(line.slice(0, m.index).replace(/\s+$/, ''));
    } else {
      out.push(line);
    }
  }
  const body = out
    .join('\n')
    .replaceAll('{{provider}}', target.provider)
    .replaceAll('{{client}}', target.client)
    // a dropped block (e.g. the pothos generator) must not leave a double blank line behind
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n+$/, '\n');
  const unresolved = /\{\{[^}]*\}\}/.exec(body);
  if (unresolved) throw new Error(`prisma/schema.prisma: unknown placeholder ${unresolved[0]}`);

  const header = [
    `// GENERATED FILE, DO NOT EDIT. ${target.provider} rendering of prisma/schema.prisma.`,
    `// Edit prisma/schema.prisma and run \`${FIX_COMMAND}\` (scripts/render-schemas.ts).`,
    '',
  ].join('\n');
  return `${header}\n${body}`;
}

export interface RenderResult {
  target: ProviderTarget;
  content: string;
  upToDate: boolean;
}

/** Renders every provider's schema; writes the files unless `check` is set. */
export function renderSchemas({ check = false }: { check?: boolean } = {}): RenderResult[] {
  const source = readFileSync(sourceSchemaPath, 'utf8');
  return targets.map((target) => {
    const content = renderSchema(source, target);
    const current = existsSync(target.schemaPath) ? readFileSync(target.schemaPath, 'utf8') : null;
    const upToDate = current === content;
    if (!check && !upToDate) {
      mkdirSync(dirname(target.schemaPath), { recursive: true });
      writeFileSync(target.schemaPath, content);
    }
    return { target, content, upToDate };
  });
}

function main(): void {
  const check = process.argv.includes('--check');
  const results = renderSchemas({ check });
  if (check) {
    const stale = results.filter((r) => !r.upToDate);
    if (stale.length > 0) {
      for (const r of stale) {
        console.error(`${relative(projectRoot, r.target.schemaPath)} is out of date with prisma/schema.prisma`);
      }
      console.error(`Run \`${FIX_COMMAND}\` (or \`tsx scripts/render-schemas.ts\`) and commit the result.`);
      process.exit(1);
    }
    console.log('Rendered schemas are up to date.');
    return;
  }
  for (const r of results) {
    console.log(`${r.upToDate ? 'unchanged' : 'wrote    '} ${relative(projectRoot, r.target.schemaPath)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
