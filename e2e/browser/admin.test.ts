// The administrator's journey (admin-journey.ts) in Chromium against the embedded server,
// started as `npm start` starts it, with single sign-on through an OpenID provider that this
// test runs on 127.0.0.1 (server/test/support/oidc-provider.ts).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import {
  REPO_ROOT,
  assertBuilt,
  freePort,
  killAll,
  spawnDocket,
  waitForStatus,
  type Running,
} from '../../server/test/support/processes.js';
import { startOidcProvider, type TestProvider } from '../../server/test/support/oidc-provider.js';
import { runAdminJourney } from './admin-journey.js';
import { screenshotsOf } from './journey.js';
import { withPage } from './launch.js';

const WEB_DIR = resolve(REPO_ROOT, process.env.WEB_DIR || 'web/dist');
const SSO_LABEL = 'Sign in with Test SSO';
const INVITEE = 'bea@example.test';
const dataDir = mkdtempSync(join(tmpdir(), 'docket-admin-browser-'));
let provider: TestProvider;
let server: Running;
let baseUrl: string;

beforeAll(async () => {
  assertBuilt();
  if (!existsSync(join(WEB_DIR, 'index.html')))
    throw new Error(`${WEB_DIR}/index.html is missing: run npm run build first (npm test does)`);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    clients: [
      {
        clientId: 'docket',
        clientSecret: 'docket-browser-secret',
        redirectUris: [`${baseUrl}/api/auth/callback/oidc`],
      },
    ],
  });
  provider.accounts.set('bea', { email: INVITEE, name: 'Bea at the provider' });
  server = spawnDocket('all', {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    WEB_DIR,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: 'docket',
    OIDC_CLIENT_SECRET: 'docket-browser-secret',
    OIDC_BUTTON_LABEL: SSO_LABEL,
  });
  await waitForStatus(`${baseUrl}/api/health/ready`, 200, server, 120_000);
});

afterAll(async () => {
  killAll();
  await provider?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('in Chromium: invite, sign up by the link, single sign-on, refusals, the last admin', async () => {
  await withPage((page) =>
    runAdminJourney(page, {
      baseUrl,
      screenshotDir: screenshotsOf('admin-embedded'),
      ssoLabel: SSO_LABEL,
      ssoLogins: { invitee: 'bea', stranger: 'stranger' },
      inviteeEmail: INVITEE,
    }),
  );
}, 300_000);
