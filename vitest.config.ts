import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; tests that start the app or talk to a service are
// `*.integration.test.ts`. Both run under `npm test`.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.integration.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // Contract tests run under `npm run contracts`, not `npm test`: the consumer tests rewrite
      // contracts/pacts/, then the provider tests verify the running app against those files.
      {
        extends: true,
        test: {
          name: 'contracts-consumer',
          include: ['contracts/consumer/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'contracts-provider',
          include: ['contracts/provider/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
