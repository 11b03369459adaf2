import { defineConfig } from 'vitest/config';

// The Kubernetes suite (npm run test:k8s): the Helm chart rendered, validated and checked,
// then every workload it defines run in Docker from the images the container suite builds.
export default defineConfig({
  test: {
    include: ['k8s/**/*.test.ts'],
    globalSetup: ['k8s/support/global-setup.ts'],
    fileParallelism: false,
    sequence: { concurrent: false },
    reporters: ['verbose'],
    testTimeout: 5 * 60_000,
    hookTimeout: 15 * 60_000,
    teardownTimeout: 5 * 60_000,
  },
});
