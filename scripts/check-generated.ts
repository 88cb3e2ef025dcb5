/**
 * npm run check:generated
 *
 * Prints the schema and generates the client's code in memory, and fails (exit 1) when either
 * differs from the committed schema.graphql or client/src/generated/, naming the command that fixes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import config from '../codegen.js';
import { printedSchema, schemaPath } from './print-schema.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const FIX = 'npm run codegen';

async function main(): Promise<number> {
  const stale: string[] = [];
  const schema = printedSchema();
  if (!existsSync(schemaPath) || readFileSync(schemaPath, 'utf8') !== schema) stale.push(relative(root, schemaPath));

  // Generate from the freshly printed schema, not from the file, so that one run sees both drifts.
  const outputs = await generate({ ...config, cwd: root, schema, silent: true, verbose: false }, false);
  for (const output of outputs as { filename: string; content: string }[]) {
    const path = join(root, output.filename);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== output.content) stale.push(relative(root, path));
  }
  if (stale.length) {
    console.error(`✗ generated files are out of date: ${stale.join(', ')}. Run \`${FIX}\` and commit the result.`);
    return 1;
  }
  console.log(`✓ schema.graphql and ${outputs.length} generated client files are up to date`);
  return 0;
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
