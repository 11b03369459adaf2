import { defineConfig } from 'vitest/config';

// The container suite: real images, real Compose stacks, driven only through the web entry.
// Files run one after another (each starts its own stack); steps are slow by nature.
export default defineConfig({
  test: {
    include: ['containers/**/*.test.ts'],
    globalSetup: ['containers/support/global-setup.ts'],
    fileParallelism: false,
    sequence: { concurrent: false },
    reporters: ['verbose'],
    testTimeout: 5 * 60_000,
    hookTimeout: 15 * 60_000,
    teardownTimeout: 5 * 60_000,
  },
});
