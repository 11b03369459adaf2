import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'web/src/**/*.test.ts', 'e2e/browser/**/*.test.ts'],
    // Real PostgreSQL and Redis, started once as containers for the whole run.
    globalSetup: ['server/test/support/containers.ts'],
    // Every test by name, so a run shows the PostgreSQL and Redis tests ran.
    reporters: ['verbose'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
  },
});
