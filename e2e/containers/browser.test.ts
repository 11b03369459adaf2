// The browser journey (e2e/browser/journey.ts) on the compose stack, through nginx at
// http://127.0.0.1:${WEB_PORT}: the built web image's pages under its content-security policy,
// the api, and the worker ingesting the uploaded document.
import { afterAll, beforeAll, test } from 'vitest';
import { runJourney, screenshotsOf } from '../browser/journey.js';
import { withPage } from '../browser/launch.js';
import { Stack } from './support/docker.js';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.create('browser', ['compose.yaml']);
  await stack.up();
});

afterAll(async () => {
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

test('in Chromium: sign up, a task, documents (a PDF opened at a passage), a cited answer opened at its passage, settings, sign out', async () => {
  await withPage((page) =>
    runJourney(page, { baseUrl: stack.url(''), screenshotDir: screenshotsOf('containers') }),
  );
});
