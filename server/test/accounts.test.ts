// Accounts and API tokens on a real PostgreSQL: sign-up, sessions, cookies, sign-up policy,
// rate limits by the real client address, tokens that work everywhere and die when revoked.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, sessionCookie, signUp, startTestApp, type TestApp } from './support/app.js';

const json = { 'content-type': 'application/json' };

describe('accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('signs up, reads the session, signs out; the cookie is HttpOnly and SameSite=Lax', async () => {
    const email = `ann-${Date.now()}@example.com`;
    const signUpResponse = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email, password: PASSWORD, name: 'Ann' },
    });
    expect(signUpResponse.statusCode).toBe(200);
    const setCookie = String(signUpResponse.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = sessionCookie(signUpResponse.headers['set-cookie']);

    const session = await t.app.inject({ url: '/api/auth/get-session', headers: { cookie } });
    expect(session.json<{ user: { email: string } }>().user.email).toBe(email);

    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email, password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);

    const signOut = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie, ...json },
      payload: {},
    });
    expect(signOut.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/tasks', headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses a wrong password and a short one, as JSON errors', async () => {
    const user = await signUp(t.app, 'bob');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: user.email, password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({
      error: { code: 'INVALID_EMAIL_OR_PASSWORD', message: expect.any(String) },
    });
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: 'short@example.com', password: 'abc', name: 'Short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toEqual({
      error: { code: 'PASSWORD_TOO_SHORT', message: expect.any(String) },
    });
  });

  it('creates a token once, lists it without its secret, stores only a hash, and revokes it at once', async () => {
    const user = await signUp(t.app, 'carol');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: user.cookie },
      payload: { name: 'laptop script' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json<{ id: string; token: string }>();
    expect(token).toMatch(/^dkt_/);

    const list = await t.app.inject({
      url: '/api/tokens',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toContain(
      'laptop script',
    );
    const stored = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from api_tokens where token_hash = ${token} or prefix = ${token}`,
    );
    expect(stored.rows[0]?.n).toBe(0);

    const auth = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ url: '/api/tasks', headers: auth })).statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/tokens/${id}`,
          headers: { cookie: user.cookie },
        })
      ).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: '/api/tasks', headers: auth })).statusCode).toBe(401);
    // Even alongside a valid session cookie, a revoked token is refused.
    expect(
      (await t.app.inject({ url: '/api/tasks', headers: { ...auth, cookie: user.cookie } }))
        .statusCode,
    ).toBe(401);
  });

  it('does not let one user revoke another user’s token', async () => {
    const [dan, eve] = [await signUp(t.app, 'dan'), await signUp(t.app, 'eve')];
    const danTokens = await t.app.inject({ url: '/api/tokens', headers: dan.auth });
    const danTokenId = danTokens.json<{ items: { id: string }[] }>().items[0]!.id;
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/tokens/${danTokenId}`,
          headers: eve.auth,
        })
      ).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: '/api/tasks', headers: dan.auth })).statusCode).toBe(200);
  });
});

describe('sign-up policy, cookies and rate limits', () => {
  it('with ALLOW_SIGNUP=false, only the first account can be created', async () => {
    const t = await startTestApp({ ALLOW_SIGNUP: 'false' });
    const status = async () =>
      (await t.app.inject({ url: '/api/auth/signup-status' })).json<unknown>();
    // The first account can always be made, whatever the mode says.
    expect(await status()).toEqual({ open: true, reason: null, mode: 'closed', invite: null });
    await signUp(t.app, 'first');
    expect(await status()).toEqual({
      open: false,
      reason: expect.stringMatching(/^Sign-up is closed on this server/),
      mode: 'closed',
      invite: null,
    });
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: 'second@example.com', password: PASSWORD, name: 'Second' },
    });
    expect(second.statusCode).toBe(403);
    expect(second.json()).toEqual({
      error: { code: 'SIGNUP_CLOSED', message: expect.stringMatching(/Sign-up is closed/) },
    });
    await t.close();
  });

  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const t = await startTestApp({ PUBLIC_URL: 'https://docket.example.com' });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      headers: { origin: 'https://docket.example.com' },
      payload: { email: 'secure@example.com', password: PASSWORD, name: 'Sec' },
    });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/; Secure/i);
    await t.close();
  });

  it('rate-limits sign-in per client address: the proxy’s forwarded address only when trusted', async () => {
    const attempt = (t: TestApp, forwardedFor: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { 'x-forwarded-for': forwardedFor },
        payload: { email: 'nobody@example.com', password: 'wrong password!' },
      });

    const behindProxy = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' });
    const statuses = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await attempt(behindProxy, '203.0.113.7')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await attempt(behindProxy, '203.0.113.7')).json()).toMatchObject({
      error: { code: 'RATE_LIMITED' },
    });
    // Another client behind the same proxy is not limited.
    expect((await attempt(behindProxy, '198.51.100.9')).statusCode).toBe(401);
    await behindProxy.close();

    // Without TRUST_PROXY, a client cannot dodge the limit by inventing X-Forwarded-For.
    const direct = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    const spoofed = [];
    for (let i = 0; i < 4; i += 1) spoofed.push((await attempt(direct, `192.0.2.${i}`)).statusCode);
    expect(spoofed).toEqual([401, 401, 401, 429]);
    await direct.close();
  });
});
