import { defineConfig } from 'vitest/config';

// One embedded PostgreSQL for the whole run (test/helpers/global-setup.ts); each test file that needs a
// database gets its own, freshly migrated, through test/helpers/db.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only add contention on the shared Postgres and qBittorrent.
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
