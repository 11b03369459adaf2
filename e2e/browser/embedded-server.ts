// The embedded server for the browser tests, started as `npm start` starts it after its build
// (`node server/dist/main.js all`): a fresh data directory, 127.0.0.1 and the given port.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  REPO_ROOT,
  assertBuilt,
  killAll,
  spawnDocket,
  waitForStatus,
  type Running,
} from '../../server/test/support/processes.js';

/** The built web app the server serves; WEB_DIR points the run at another build. */
const WEB_DIR = resolve(REPO_ROOT, process.env.WEB_DIR || 'web/dist');

export interface EmbeddedServer {
  server: Running;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Kills what is still running and removes the data directory. */
  cleanUp(): void;
}

export async function startEmbedded(
  port: number,
  env: Record<string, string> = {},
): Promise<EmbeddedServer> {
  assertBuilt();
  if (!existsSync(join(WEB_DIR, 'index.html')))
    throw new Error(`${WEB_DIR}/index.html is missing: run npm run build first (npm test does)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'docket-browser-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = spawnDocket('all', {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    WEB_DIR,
    ...env,
  });
  await waitForStatus(`${baseUrl}/api/health/ready`, 200, server, 120_000);
  return {
    server,
    baseUrl,
    cleanUp() {
      killAll();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
