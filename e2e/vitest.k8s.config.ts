import { defineConfig } from 'vitest/config';
import containerSuite from './vitest.config.js';

// The Kubernetes suite (npm run test:k8s): the Helm chart rendered, validated and checked,
// then every workload it defines run in Docker from the images the container suite builds.
// Same pacing as the container suite: one file at a time, slow steps.
export default defineConfig({
  test: {
    ...containerSuite.test,
    include: ['k8s/**/*.test.ts'],
    globalSetup: ['k8s/support/global-setup.ts'],
  },
});
