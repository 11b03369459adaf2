// Roles, invitations and single sign-on on one Compose stack, through the web entry at
// http://127.0.0.1:${WEB_PORT} only. The OpenID provider runs as a service of the stack
// (oidc.compose.yaml), so that the api container reaches it by name as it would a provider
// on its network, and the browser reaches the same address through its published port on
// 127.0.0.1 (Chromium maps the name `oidc` there): one issuer for both, as in production.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../server/test/support/processes.js';
import { runAdminJourney } from '../browser/admin-journey.js';
import { screenshotsOf } from '../browser/journey.js';
import { withPage } from '../browser/launch.js';
import { call, signIn, type Answer } from './support/api.js';
import { Stack } from './support/docker.js';

const SSO_LABEL = 'Sign in with Stack SSO';
const INVITEE = 'bea@example.test';

let stack: Stack;
let admin: { email: string; password: string; cookie: string };

interface Account {
  id: string;
  email: string;
  role: string;
  disabled: boolean;
}

const errorCode = (answer: Answer<unknown>) =>
  (answer.body as { error?: { code?: string } }).error?.code;

async function accountId(email: string): Promise<string> {
  const { body } = await call<{ items: Account[] }>(stack, '/api/users', {
    auth: { cookie: admin.cookie },
  });
  const found = body.items.find((a) => a.email === email);
  if (!found) throw new Error(`no account ${email} in ${JSON.stringify(body.items)}`);
  return found.id;
}

beforeAll(async () => {
  const oidcPort = await freePort();
  stack = await Stack.create('admin', ['compose.yaml', 'e2e/containers/oidc.compose.yaml'], {
    OIDC_TEST_PORT: String(oidcPort),
    OIDC_TEST_ACCOUNTS: `bea=${INVITEE}`,
    OIDC_ISSUER: `http://oidc:${oidcPort}`,
    OIDC_CLIENT_ID: 'docket-stack',
    OIDC_CLIENT_SECRET: 'docket-stack-client-secret',
    OIDC_BUTTON_LABEL: SSO_LABEL,
  });
  const started = Date.now();
  await stack.up();
  console.log(
    `[admin] ${stack.project} healthy in ${((Date.now() - started) / 1000).toFixed(1)} s on port ${stack.webPort}, provider on ${oidcPort}`,
  );
});

afterAll(async () => {
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

describe('administration and single sign-on through the Compose stack', () => {
  test('in Chromium: invitation, sign-up through it, single sign-on via the provider, refusals', async () => {
    const sso = await call(stack, '/api/auth/sso');
    expect(sso.body).toMatchObject({ enabled: true, label: SSO_LABEL });
    const account = await withPage(
      (page) =>
        runAdminJourney(page, {
          baseUrl: stack.url('').replace(/\/$/, ''),
          screenshotDir: screenshotsOf('admin-containers'),
          ssoLabel: SSO_LABEL,
          ssoLogins: { invitee: 'bea', stranger: 'stranger' },
          inviteeEmail: INVITEE,
        }),
      ['--host-resolver-rules=MAP oidc 127.0.0.1'],
    );
    const signedIn = await signIn(stack, account.email, account.password);
    expect(signedIn.status).toBe(200);
    admin = { ...account, cookie: signedIn.cookie };
  });

  test('an invitation, accepted through the API with sign-up closed, then signs in', async () => {
    const auth = { cookie: admin.cookie };
    const mode = await call(stack, '/api/settings/server', {
      method: 'PATCH',
      auth,
      json: { signupMode: 'closed' },
    });
    expect(mode.body).toEqual({ signupMode: 'closed', signupModeSource: 'database' });
    const invite = await call<{ url: string }>(stack, '/api/users/invites', {
      method: 'POST',
      auth,
      json: { email: 'cal@example.test' },
    });
    expect(invite.status).toBe(201);
    expect(invite.body.url.startsWith(stack.url('/sign-up?invite='))).toBe(true);
    const token = new URL(invite.body.url).searchParams.get('invite')!;
    const walkIn = await call(stack, '/api/auth/sign-up/email', {
      method: 'POST',
      json: { email: 'walk-in@example.test', password: 'a long passphrase', name: 'W' },
    });
    expect([walkIn.status, errorCode(walkIn)]).toEqual([403, 'SIGNUP_CLOSED']);
    const accepted = await call(stack, '/api/auth/sign-up/email', {
      method: 'POST',
      json: {
        email: 'cal@example.test',
        password: 'a long passphrase',
        name: 'Cal',
        inviteToken: token,
      },
    });
    expect(accepted.status).toBe(200);
    expect((await signIn(stack, 'cal@example.test', 'a long passphrase')).status).toBe(200);
    // Used up: the link lets nobody else in either.
    const reused = await call(stack, '/api/auth/sign-up/email', {
      method: 'POST',
      json: {
        email: 'cal-again@example.test',
        password: 'a long passphrase',
        name: 'C',
        inviteToken: token,
      },
    });
    expect([reused.status, errorCode(reused)]).toEqual([403, 'INVITE_INVALID']);
  });

  test('refuses to remove the last administrator, in the API and the command line', async () => {
    const id = await accountId(admin.email);
    const demote = await call(stack, `/api/users/${id}`, {
      method: 'PATCH',
      auth: { cookie: admin.cookie },
      json: { role: 'user' },
    });
    expect([demote.status, errorCode(demote)]).toEqual([409, 'LAST_ADMIN']);
    const cli = await stack.compose(
      ['run', '--rm', '-T', 'migrate', 'users', 'disable', admin.email],
      {
        allowFailure: true,
      },
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`${admin.email} is the last administrator of this server`);
    const asUser = await signIn(stack, 'cal@example.test', 'a long passphrase');
    const forbidden = await call(stack, '/api/users', { auth: { cookie: asUser.cookie } });
    expect([forbidden.status, errorCode(forbidden)]).toEqual([403, 'FORBIDDEN']);
  });

  test('disables an account: its token and sign-in stop; enabled, they work again', async () => {
    const cal = await signIn(stack, 'cal@example.test', 'a long passphrase');
    const created = await call<{ token: string }>(stack, '/api/tokens', {
      method: 'POST',
      auth: { cookie: cal.cookie },
      json: { name: 'stack' },
    });
    const token = { token: created.body.token };
    expect((await call(stack, '/api/tasks', { auth: token })).status).toBe(200);
    const id = await accountId('cal@example.test');
    const change = (disabled: boolean) =>
      call(stack, `/api/users/${id}`, {
        method: 'PATCH',
        auth: { cookie: admin.cookie },
        json: { disabled },
      });
    expect((await change(true)).status).toBe(200);
    // One api replica: the process that disabled it forgets the token at once.
    expect((await call(stack, '/api/tasks', { auth: token })).status).toBe(401);
    expect((await signIn(stack, 'cal@example.test', 'a long passphrase')).status).toBe(403);
    expect((await change(false)).status).toBe(200);
    expect((await call(stack, '/api/tasks', { auth: token })).status).toBe(200);
  });
});
