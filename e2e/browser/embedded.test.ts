// The browser journey against the embedded server, started as `npm start` starts it after
// its build: `node server/dist/main.js all`, a fresh data directory, a free port.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  REPO_ROOT,
  assertBuilt,
  freePort,
  killAll,
  spawnDocket,
  terminate,
  waitForStatus,
  type Running,
} from '../../server/test/support/processes.js';
import { runJourney, screenshotsOf } from './journey.js';
import { withPage } from './launch.js';

/** The built web app the server serves; WEB_DIR points the run at another build. */
const WEB_DIR = resolve(REPO_ROOT, process.env.WEB_DIR || 'web/dist');
const dataDir = mkdtempSync(join(tmpdir(), 'docket-browser-'));
let server: Running;
let baseUrl: string;

beforeAll(async () => {
  assertBuilt();
  if (!existsSync(join(WEB_DIR, 'index.html')))
    throw new Error(`${WEB_DIR}/index.html is missing: run npm run build first (npm test does)`);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawnDocket('all', {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    WEB_DIR,
  });
  await waitForStatus(`${baseUrl}/api/health/ready`, 200, server, 120_000);
});

afterAll(() => {
  killAll();
  rmSync(dataDir, { recursive: true, force: true });
});

test('in Chromium: sign up, a task, documents (a PDF opened at a passage), a cited answer opened at its passage, settings, sign out', async () => {
  await withPage((page) => runJourney(page, { baseUrl, screenshotDir: screenshotsOf('embedded') }));
}, 300_000);

test('the server then stops on SIGTERM with exit code 0', async () => {
  const { code } = await terminate(server);
  expect(code, server.output().slice(-2000)).toBe(0);
});
