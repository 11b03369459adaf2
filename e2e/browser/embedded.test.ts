// The browser journey against the embedded server, started as `npm start` starts it after
// its build: `node server/dist/main.js all`, a fresh data directory, a free port.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, terminate } from '../../server/test/support/processes.js';
import { startEmbedded, type EmbeddedServer } from './embedded-server.js';
import { runJourney, screenshotsOf } from './journey.js';
import { withPage } from './launch.js';

let embedded: EmbeddedServer;

beforeAll(async () => {
  embedded = await startEmbedded(await freePort());
});

afterAll(() => embedded?.cleanUp());

test('in Chromium: sign up, a task, documents (a PDF opened at a passage), a cited answer opened at its passage, its branches and export, settings, sign out', async () => {
  await withPage((page) =>
    runJourney(page, { baseUrl: embedded.baseUrl, screenshotDir: screenshotsOf('embedded') }),
  );
}, 300_000);

test('the server then stops on SIGTERM with exit code 0', async () => {
  const { code } = await terminate(embedded.server);
  expect(code, embedded.server.output().slice(-2000)).toBe(0);
});
