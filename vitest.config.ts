import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of sibling packages, so a test run never depends on a
    // stale dist/ of another workspace.
    alias: {
      '@heldar/rtsp': fileURLToPath(new URL('./packages/rtsp/src/index.ts', import.meta.url)),
      '@heldar/camsim': fileURLToPath(new URL('./packages/camsim/src/index.ts', import.meta.url)),
      '@heldar/sdk': fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    // Several nodes on one database need PostgreSQL: every *.postgres.test.ts runs in `npm run test:postgres`
    // (HELDAR_TEST_DB_URL set) only.
    exclude: [...configDefaults.exclude, ...(process.env.HELDAR_TEST_DB_URL ? [] : ['**/*.postgres.test.ts'])],
    // Real ffmpeg and real sockets: generous per-test deadlines, forked workers so a crashed child
    // process cannot take the runner with it. Two cores: two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // The PostgreSQL pass (npm run test:postgres) cleans up the test databases it creates.
    globalSetup: ['packages/kernel/test/helpers/postgres-global-setup.ts'],
  },
});
