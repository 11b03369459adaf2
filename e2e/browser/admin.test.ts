// The administrator's journey (admin-journey.ts) in Chromium against the embedded server,
// started as `npm start` starts it, with single sign-on through an OpenID provider that this
// test runs on 127.0.0.1 (server/test/support/oidc-provider.ts).
import { afterAll, beforeAll, test } from 'vitest';
import { startOidcProvider, type TestProvider } from '../../server/test/support/oidc-provider.js';
import { freePort } from '../../server/test/support/processes.js';
import { runAdminJourney } from './admin-journey.js';
import { startEmbedded, type EmbeddedServer } from './embedded-server.js';
import { screenshotsOf } from './journey.js';
import { withPage } from './launch.js';

const SSO_LABEL = 'Sign in with Test SSO';
const INVITEE = 'bea@example.test';
let provider: TestProvider;
let embedded: EmbeddedServer;

beforeAll(async () => {
  const port = await freePort();
  const client = { clientId: 'docket', clientSecret: 'docket-browser-secret' };
  provider = await startOidcProvider({
    clients: [{ ...client, redirectUris: [`http://127.0.0.1:${port}/api/auth/callback/oidc`] }],
  });
  provider.accounts.set('bea', { email: INVITEE, name: 'Bea at the provider' });
  embedded = await startEmbedded(port, {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: client.clientId,
    OIDC_CLIENT_SECRET: client.clientSecret,
    OIDC_BUTTON_LABEL: SSO_LABEL,
  });
});

afterAll(async () => {
  embedded?.cleanUp();
  await provider?.close();
});

test('in Chromium: invite, sign up by the link, single sign-on, refusals, the last admin', async () => {
  await withPage((page) =>
    runAdminJourney(page, {
      baseUrl: embedded.baseUrl,
      screenshotDir: screenshotsOf('admin-embedded'),
      ssoLabel: SSO_LABEL,
      ssoLogins: { invitee: 'bea', stranger: 'stranger' },
      inviteeEmail: INVITEE,
    }),
  );
}, 300_000);
