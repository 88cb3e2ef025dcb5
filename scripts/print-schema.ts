/**
 * Prints the GraphQL schema that the server builds with Pothos to schema.graphql, the file the
 * client package's code is generated from (see codegen.ts).
 *
 *   tsx scripts/print-schema.ts   write schema.graphql
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from '../server/graphql/schema.js';

export const schemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));

export function printedSchema(): string {
  return `# Generated from the server's Pothos schema by \`npm run codegen\`. Do not edit.\n\n${printSchema(schema)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(schemaPath, printedSchema());
  console.log(`wrote ${schemaPath}`);
}
