import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Pothos and Yoga load graphql's CommonJS build; our files must get the same instance, not the .mjs one.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { NODE_ENV: 'test' },
  },
});
