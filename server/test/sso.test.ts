// Single sign-on against a real OpenID provider on 127.0.0.1 (support/oidc-provider.ts), through
// Docket's routes: the authorization code flow with PKCE, state and nonce; accounts created or
// refused (OIDC_AUTO_CREATE), linked by a verified email, disabled; the groups claim deciding who
// is an administrator; and refusals of a wrong state, a wrong audience, a wrong issuer (in the
// ID token, and in the provider's discovery document), an unreachable provider and a posted ID
// token.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/processes.js';
import { updateUserDisabledAt } from '../src/modules/users/queries.js';
import { userByEmail } from '../src/modules/users/service.js';
import { PASSWORD, signUp, startTestApp, type TestApp } from './support/app.js';
import { signInAtProvider, startOidcProvider, type TestProvider } from './support/oidc-provider.js';

/** testConfig's PUBLIC_URL: the provider only ever sends the (simulated) browser there. */
const REDIRECT_URI = 'http://localhost:3000/api/auth/callback/oidc';
const CLIENT = {
  clientId: 'docket',
  clientSecret: 'docket-client-secret',
  redirectUris: [REDIRECT_URI],
};

const ssoEnv = (provider: { issuer: string }, env: Record<string, string> = {}) => ({
  OIDC_ISSUER: provider.issuer,
  OIDC_CLIENT_ID: CLIENT.clientId,
  OIDC_CLIENT_SECRET: CLIENT.clientSecret,
  OIDC_BUTTON_LABEL: 'Sign in with Test SSO',
  ...env,
});

interface Started {
  status: number;
  body: { url?: string; error?: { code: string; message: string } };
  stateCookie: string;
}

/** POST /api/auth/sign-in/social, as the sign-in page sends it. */
async function startSignIn(app: FastifyInstance, extra: object = {}): Promise<Started> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/social',
    payload: { provider: 'oidc', callbackURL: '/chat', errorCallbackURL: '/sign-in', ...extra },
  });
  const stateCookie = response.headers['set-cookie'];
  const cookies = Array.isArray(stateCookie) ? stateCookie : stateCookie ? [stateCookie] : [];
  return {
    status: response.statusCode,
    body: response.json(),
    stateCookie: cookies.map((c) => c.split(';')[0]).join('; '),
  };
}

interface Finished {
  /** Where Docket sends the browser: /chat, or /sign-in?error=<code>. */
  location: URL;
  /** The session cookie, when one was set. */
  session: string | undefined;
}

/** Docket's callback, opened as the browser would (with the state cookie, unless told not). */
async function finish(app: FastifyInstance, callback: URL, cookie: string): Promise<Finished> {
  const response = await app.inject({
    url: callback.pathname + callback.search,
    headers: cookie ? { cookie } : {},
  });
  expect(response.statusCode, response.body).toBe(302);
  const setCookie = response.headers['set-cookie'];
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const session = cookies.find((c) => /session_token=[^;]/.test(c))?.split(';')[0];
  return { location: new URL(String(response.headers.location), 'http://localhost:3000'), session };
}

/** The whole sign-in: Docket → the provider's form as `login` → Docket's callback. */
async function ssoSignIn(app: FastifyInstance, login: string): Promise<Finished> {
  const started = await startSignIn(app);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const callback = await signInAtProvider(started.body.url!, login, REDIRECT_URI);
  return finish(app, callback, started.stateCookie);
}

async function sessionUser(app: FastifyInstance, session: string) {
  const response = await app.inject({ url: '/api/auth/get-session', headers: { cookie: session } });
  return response.json<{ user: { email: string; role: string; name: string } } | null>()?.user;
}

const errorOf = (finished: Finished) => ({
  path: finished.location.pathname,
  error: finished.location.searchParams.get('error'),
  session: finished.session,
});

describe('single sign-on, accounts created by the provider', () => {
  let provider: TestProvider;
  let t: TestApp;
  beforeAll(async () => {
    provider = await startOidcProvider({ clients: [CLIENT] });
    t = await startTestApp(
      ssoEnv(provider, { OIDC_AUTO_CREATE: 'true', OIDC_ADMIN_GROUP: 'docket-admins' }),
    );
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('says on the sign-in page that single sign-on is there, with its label', async () => {
    expect((await t.app.inject({ url: '/api/auth/sso' })).json()).toEqual({
      enabled: true,
      label: 'Sign in with Test SSO',
      provider: 'oidc',
    });
  });

  it('sends the browser with a code request, PKCE (S256), a state and a nonce', async () => {
    const started = await startSignIn(t.app);
    expect(started.status).toBe(200);
    const url = new URL(started.body.url!);
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/auth`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: 'docket',
      redirect_uri: REDIRECT_URI,
      code_challenge_method: 'S256',
    });
    expect(params.scope!.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(params.state!.length).toBeGreaterThanOrEqual(32);
    expect(params.nonce!.length).toBeGreaterThanOrEqual(32);
    expect(started.stateCookie).toMatch(/state=/);
  });

  it('signs a new person in and makes their account; the first one administers', async () => {
    provider.accounts.set('first', { email: 'first@corp.example', name: 'First Person' });
    const first = await ssoSignIn(t.app, 'first');
    expect(first.location.pathname).toBe('/chat');
    expect(await sessionUser(t.app, first.session!)).toMatchObject({
      email: 'first@corp.example',
      name: 'First Person',
      role: 'admin',
    });
    const tasks = await t.app.inject({ url: '/api/tasks', headers: { cookie: first.session! } });
    expect(tasks.statusCode).toBe(200);
  });

  it('makes members of OIDC_ADMIN_GROUP administrators at each sign-in, and others not', async () => {
    provider.accounts.set('grace', { email: 'grace@corp.example', groups: ['docket-admins'] });
    const asMember = await ssoSignIn(t.app, 'grace');
    expect((await sessionUser(t.app, asMember.session!))?.role).toBe('admin');
    const users = await t.app.inject({ url: '/api/users', headers: { cookie: asMember.session! } });
    expect(users.statusCode).toBe(200);

    provider.accounts.set('grace', { email: 'grace@corp.example', groups: ['staff'] });
    const asStaff = await ssoSignIn(t.app, 'grace');
    expect((await sessionUser(t.app, asStaff.session!))?.role).toBe('user');
  });

  it('never demotes the last administrator, even out of the group', async () => {
    // "first" is the only administrator left, and in no group.
    const again = await ssoSignIn(t.app, 'first');
    expect((await sessionUser(t.app, again.session!))?.role).toBe('admin');
  });

  it('refuses a callback whose state was changed, or opened in another browser', async () => {
    provider.accounts.set('hank', { email: 'hank@corp.example' });
    const started = await startSignIn(t.app);
    const callback = await signInAtProvider(started.body.url!, 'hank', REDIRECT_URI);
    const changed = new URL(callback);
    changed.searchParams.set('state', 'x'.repeat(32));
    expect(errorOf(await finish(t.app, changed, started.stateCookie))).toEqual({
      path: '/sign-in',
      error: 'state_mismatch',
      session: undefined,
    });
    expect(errorOf(await finish(t.app, callback, ''))).toEqual({
      path: '/sign-in',
      error: 'state_mismatch',
      session: undefined,
    });
    const users = await t.database.db.query.users.findMany();
    expect(users.map((u) => u.email)).not.toContain('hank@corp.example');
  });

  it('refuses an ID token for another audience, or from another issuer', async () => {
    provider.accounts.set('ivy', { email: 'ivy@corp.example' });
    try {
      for (const claims of [{ aud: 'another-app' }, { iss: 'http://127.0.0.1:1/other' }]) {
        provider.tamperIdTokens(claims);
        expect(errorOf(await ssoSignIn(t.app, 'ivy')), JSON.stringify(claims)).toEqual({
          path: '/sign-in',
          error: 'unable_to_get_user_info',
          session: undefined,
        });
      }
      // Re-signed with nothing changed, the same token signs in: the claims were refused.
      provider.tamperIdTokens({});
      expect((await ssoSignIn(t.app, 'ivy')).location.pathname).toBe('/chat');
    } finally {
      provider.tamperIdTokens(undefined);
    }
  });

  it('accepts no ID token posted by a client: only the code flow signs in', async () => {
    const posted = await startSignIn(t.app, { idToken: { token: 'a.b.c' } });
    expect(posted.status).toBe(400);
    expect(posted.body.error?.code).toBe('ID_TOKEN_SIGN_IN_DISABLED');
  });
});

describe('single sign-on, accounts made here first (OIDC_AUTO_CREATE=false)', () => {
  let provider: TestProvider;
  let t: TestApp;
  beforeAll(async () => {
    provider = await startOidcProvider({ clients: [CLIENT] });
    t = await startTestApp(ssoEnv(provider));
    await signUp(t.app, 'admin');
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('refuses someone without an account, saying why, and makes none', async () => {
    const refused = await ssoSignIn(t.app, 'stranger');
    expect(errorOf(refused)).toEqual({
      path: '/sign-in',
      error: 'SSO_ACCOUNT_UNKNOWN',
      session: undefined,
    });
    expect(refused.location.searchParams.get('error_description')).toBe(
      'There is no account for stranger@example.test on this server: ask an administrator for one, then sign in with single sign-on',
    );
    const users = await t.database.db.query.users.findMany();
    expect(users.map((u) => u.email)).not.toContain('stranger@example.test');
  });

  it('signs an existing account in when the provider verified its email; not otherwise', async () => {
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: 'jane@corp.example', password: PASSWORD, name: 'Jane' },
    });
    expect(made.statusCode).toBe(200);
    provider.accounts.set('jane-unverified', { email: 'jane@corp.example', emailVerified: false });
    expect(errorOf(await ssoSignIn(t.app, 'jane-unverified')).error).toBe('account_not_linked');
    provider.accounts.set('jane', { email: 'jane@corp.example' });
    const linked = await ssoSignIn(t.app, 'jane');
    expect(linked.location.pathname).toBe('/chat');
    expect(await sessionUser(t.app, linked.session!)).toMatchObject({
      email: 'jane@corp.example',
      role: 'user',
    });
    // Linked once, the identity signs in by its subject from then on.
    expect((await ssoSignIn(t.app, 'jane')).session).toBeDefined();
  });

  it('refuses a disabled account through single sign-on too', async () => {
    provider.accounts.set('ken', { email: 'ken@corp.example' });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: 'ken@corp.example', password: PASSWORD, name: 'Ken' },
    });
    expect((await ssoSignIn(t.app, 'ken')).session).toBeDefined();
    const ken = await userByEmail(t.database.db, 'ken@corp.example');
    await updateUserDisabledAt(t.database.db, ken.id, new Date());
    expect(errorOf(await ssoSignIn(t.app, 'ken'))).toEqual({
      path: '/sign-in',
      error: 'ACCOUNT_DISABLED',
      session: undefined,
    });
  });
});

describe('single sign-on misconfigured', () => {
  let provider: TestProvider;
  beforeAll(async () => {
    // A provider whose discovery document names another issuer than the one it is reached at.
    const port = await freePort();
    provider = await startOidcProvider({
      clients: [CLIENT],
      port,
      issuer: `http://127.0.0.1:${port}/realms/other`,
    });
  });
  afterAll(async () => provider?.close());

  it('refuses a provider whose issuer is not OIDC_ISSUER, saying what it is', async () => {
    const t = await startTestApp(ssoEnv({ issuer: provider.url }));
    try {
      const started = await startSignIn(t.app);
      expect(started.status).toBe(503);
      expect(started.body.error).toEqual({
        code: 'OIDC_ISSUER_MISMATCH',
        message: `single sign-on is misconfigured: the provider at OIDC_ISSUER (${provider.url}) says its issuer is ${provider.url}/realms/other; set OIDC_ISSUER to exactly its issuer`,
      });
    } finally {
      await t.close();
    }
  });

  it('answers 503 OIDC_UNAVAILABLE while the provider cannot be reached', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const t = await startTestApp(ssoEnv({ issuer: nowhere }));
    try {
      const started = await startSignIn(t.app);
      expect(started.status).toBe(503);
      expect(started.body.error?.code).toBe('OIDC_UNAVAILABLE');
      expect(started.body.error?.message).toContain(`${nowhere}/.well-known/openid-configuration`);
    } finally {
      await t.close();
    }
  });
});
