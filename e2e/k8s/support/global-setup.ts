// Once per run: helm must be on PATH (the k8s kit), then the images are built exactly as
// the container suite builds them (docket/server:e2e, docket/web:e2e).
import buildImages from '../../containers/support/global-setup.js';
import { helm } from './chart.js';

export default async function setup() {
  const version = await helm(['version', '--short'], true).catch((error: unknown) => ({
    code: 1,
    stdout: '',
    stderr: error instanceof Error ? error.message : String(error),
  }));
  if (version.code !== 0)
    throw new Error(
      `helm is not available (${version.stderr.trim()}); run ../shared/k8s-kit/setup and ` +
        'export PATH="$(../shared/k8s-kit/setup --bin):$PATH"',
    );
  console.log(`[k8s] helm ${version.stdout.trim()}`);
  await buildImages();
}
