// The Documents page in Chromium against the embedded server (`node server/dist/main.js all`):
// a document being ingested shows Cancel, which ends it "Failed: cancelled"; its "original"
// link downloads the file as it was uploaded. The ingestion is held at its first embedding
// batch by an embeddings endpoint of the test's own (server/test/support/held-embeddings.ts).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  LONG_TEXT,
  heldEmbeddingsEnv,
  startHeldEmbeddings,
} from '../../server/test/support/held-embeddings.js';
import { freePort } from '../../server/test/support/processes.js';
import { startEmbedded, type EmbeddedServer } from './embedded-server.js';
import { withPage } from './launch.js';
import { gone, see, textOf } from './waits.js';

const DIMENSIONS = 64;
const TITLE = 'lighthouse keepers';
let embeddings: Awaited<ReturnType<typeof startHeldEmbeddings>>;
let embedded: EmbeddedServer;

beforeAll(async () => {
  embeddings = await startHeldEmbeddings(DIMENSIONS);
  embedded = await startEmbedded(
    await freePort(),
    heldEmbeddingsEnv(embeddings.baseUrl, DIMENSIONS),
  );
});

afterAll(async () => {
  embeddings?.release();
  embedded?.cleanUp();
  await embeddings?.close();
});

test('in Chromium: Cancel ends an ingestion "Failed: cancelled"; "original" downloads the file', async () => {
  const { baseUrl } = embedded;
  await withPage(async (page) => {
    await page.goto(`${baseUrl}/sign-in`);
    // Signed up by the page itself (its origin, its cookie), then the app as a user sees it.
    const signedUp = await page.evaluate(async () => {
      const response = await fetch('/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Grace',
          email: `grace-${Math.random().toString(36).slice(2, 10)}@example.com`,
          password: 'correct horse battery staple',
        }),
      });
      return response.status;
    });
    expect(signedUp).toBe(200);
    await page.goto(`${baseUrl}/documents`);
    await see(page.getByRole('heading', { name: 'Documents', exact: true }), 'the Documents page');

    await page.getByLabel('Choose files', { exact: true }).setInputFiles({
      name: `${TITLE}.md`,
      mimeType: 'text/markdown',
      buffer: Buffer.from(LONG_TEXT),
    });
    await embeddings.firstArrived;
    const item = page.getByRole('listitem').filter({ hasText: TITLE });
    const status = item.getByText(/^(Queued|Processing \d+%|Ready|Failed: .+)$/);
    await textOf(status, /^Processing \d+%$/, `"${TITLE}" processing`, { fail: /^Ready$/ });

    const cancel = page.getByRole('button', { name: `Cancel ${TITLE}`, exact: true });
    await cancel.click();
    await textOf(status, /^Failed: cancelled$/, `"${TITLE}" cancelled`, { fail: /^Ready$/ });
    await gone(cancel, 'the Cancel button of a cancelled document');

    const link = page.getByRole('link', { name: `Download the original of ${TITLE}` });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`${TITLE}.md`);
    expect(readFileSync(await download.path(), 'utf8')).toBe(LONG_TEXT);
  });
}, 180_000);
