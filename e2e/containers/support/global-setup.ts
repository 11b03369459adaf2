// Once per run: Docker must answer, and the images are built the way Compose builds them
// (compose.yaml's build sections), tagged docket/server:e2e and docket/web:e2e.
import { IMAGES, Stack, docker } from './docker.js';
import { describeSize, imageSize } from './images.js';

export const BASES = {
  server: 'node:24-trixie-slim',
  web: 'nginxinc/nginx-unprivileged:1.28',
} as const;

export default async function setup() {
  const info = await docker(['info', '--format', '{{.ServerVersion}}'], { allowFailure: true });
  if (info.code !== 0)
    throw new Error(
      `Docker is not available (docker info: ${info.stderr.trim()}); run ../shared/container-kit/setup`,
    );

  const stack = await Stack.create('build', ['compose.yaml'], {
    DOCKET_VERSION: process.env.DOCKET_VERSION ?? '0.0.0-e2e',
    DOCKET_REVISION: process.env.DOCKET_REVISION ?? 'e2e',
  });
  const started = Date.now();
  try {
    await stack.compose(['build'], { timeoutMs: 20 * 60_000 });
  } finally {
    await stack.down();
  }
  console.log(`[containers] images built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const [name, image] of Object.entries(IMAGES)) {
    console.log(
      `[containers] ${describeSize(await imageSize(image, BASES[name as keyof typeof BASES]))}`,
    );
  }
}
