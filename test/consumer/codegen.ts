import type { CodegenConfig } from '@graphql-codegen/cli';

// How an app generates its own operations: against the schema published in @newsgraph/client.
const config: CodegenConfig = {
  schema: '../../node_modules/@newsgraph/client/dist/schema.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { emitLegacyCommonJSImports: false, useTypeImports: true, enumsAsTypes: true, scalars: { ID: 'string', Date: 'string', DateTime: 'string' } },
    },
  },
};

export default config;
