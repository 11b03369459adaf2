import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every test by name, so a run shows the PostgreSQL and Redis tests ran.
    reporters: ['verbose'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        // The web app's units and pages in jsdom, against a fake fetch: no containers.
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          exclude: ['web/src/**/*.browser.test.ts'],
          environment: 'jsdom',
          setupFiles: ['web/test/setup.ts'],
        },
      },
      {
        // The server on real PostgreSQL and Redis, started once as containers for the whole
        // run, and the browser tests in Chromium.
        extends: true,
        test: {
          name: 'server',
          include: [
            'server/**/*.test.ts',
            'e2e/browser/**/*.test.ts',
            'web/src/**/*.browser.test.ts',
          ],
          globalSetup: ['server/test/support/containers.ts'],
          env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
        },
      },
    ],
  },
});
