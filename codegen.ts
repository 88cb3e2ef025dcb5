import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Generates the typed client from schema.graphql (printed from the server by scripts/print-schema.ts)
 * and the ready operations in client/src/operations.ts. Run with `npm run codegen`.
 */
const scalars = {
  ID: { input: 'string', output: 'string' },
  Date: { input: 'string', output: 'string' },
  DateTime: { input: 'string', output: 'string' },
};

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/src/operations.ts'],
  ignoreNoDocuments: false,
  generates: {
    'client/src/generated/': {
      preset: 'client',
      // persisted-documents.json: the manifest of trusted documents (TRUSTED_DOCUMENTS); each
      // document carries its hash, which the client sends in that mode.
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql', persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars,
      },
    },
    // Every type of the schema (objects, inputs, enums), for apps that name them.
    'client/src/generated/schema.ts': {
      plugins: ['typescript'],
      config: { enumsAsTypes: true, useTypeImports: true, scalars, avoidOptionals: { field: true, inputValue: false } },
    },
  },
};

export default config;
