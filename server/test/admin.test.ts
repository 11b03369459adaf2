// Roles and administration through the API, on PGlite and PostgreSQL: administrators' routes
// refuse everyone else (403 FORBIDDEN), the Users API changes roles and disables accounts, the
// last enabled administrator stays one (409 LAST_ADMIN; two concurrent demotions leave one),
// invitations let their email sign up once whatever the sign-up mode, the mode stored by an
// administrator wins over ALLOW_SIGNUP, and a deleted account's data is deleted or given to
// another account, all of it.
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD,
  call,
  sessionCookie,
  signUp,
  startTestApp,
  userIdOf,
  type TestApp,
  type TestUser,
} from './support/app.js';
import { createAuth } from '../src/modules/auth/better-auth.js';
import { changeUser, listUsers } from '../src/modules/users/service.js';
import { testConfig, type Backend } from './support/databases.js';
import { search, settled } from './support/documents.js';

const BACKENDS: Backend[] = ['pglite', 'postgres'];

/** Every route an administrator alone may call, with a request that would otherwise succeed. */
const ADMIN_REQUESTS: (InjectOptions & { method: string; url: string })[] = [
  { method: 'GET', url: '/api/users' },
  { method: 'PATCH', url: '/api/users/someone', payload: { role: 'admin' } },
  { method: 'DELETE', url: '/api/users/someone?data=delete' },
  { method: 'GET', url: '/api/users/invites' },
  { method: 'POST', url: '/api/users/invites', payload: { email: 'x@example.com' } },
  { method: 'DELETE', url: '/api/users/invites/00000000-0000-4000-8000-000000000000' },
  { method: 'GET', url: '/api/settings/server' },
  { method: 'PATCH', url: '/api/settings/server', payload: { signupMode: 'open' } },
];

const change = (app: FastifyInstance, by: TestUser, id: string, payload: object) =>
  call(app, by, { method: 'PATCH', url: `/api/users/${id}`, payload });

const signUpWith = (app: FastifyInstance, payload: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    payload: { password: PASSWORD, name: 'Invited', ...payload },
  });

/** The `error` of an answer's JSON body. */
const errorOf = (response: { json: <T>() => T }) =>
  response.json<{ error: { code: string; message: string; details?: unknown } }>().error;

const setMode = (app: FastifyInstance, admin: TestUser, signupMode: string | null) =>
  call(app, admin, { method: 'PATCH', url: '/api/settings/server', payload: { signupMode } });

describe.each(BACKENDS)('administration on %s', (kind) => {
  let t: TestApp;
  let admin: TestUser;
  let ann: TestUser;
  beforeAll(async () => {
    t = await startTestApp({}, { kind, jobs: 'local' });
    admin = await signUp(t.app, 'admin');
    ann = await signUp(t.app, 'ann');
  });
  afterAll(async () => t.close());

  it("refuses administrators' routes to others: 403 FORBIDDEN signed in, 401 signed out", async () => {
    for (const request of ADMIN_REQUESTS) {
      const byToken = await call(t.app, ann, request);
      expect(byToken.statusCode, `${request.method} ${request.url}`).toBe(403);
      expect(byToken.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const byCookie = await t.app.inject({ ...request, headers: { cookie: ann.cookie } });
      expect(byCookie.statusCode).toBe(403);
      expect((await t.app.inject(request)).statusCode).toBe(401);
    }
    expect((await call(t.app, admin, { url: '/api/users' })).statusCode).toBe(200);
  });

  it("tells the web app the signed-in account's role with its session", async () => {
    const session = async (user: TestUser) =>
      (
        await t.app.inject({ url: '/api/auth/get-session', headers: { cookie: user.cookie } })
      ).json<{ user: { role: string } }>().user.role;
    expect(await session(admin)).toBe('admin');
    expect(await session(ann)).toBe('user');
  });

  it('makes an administrator and removes one; the last one stays (409 LAST_ADMIN)', async () => {
    const adminId = await userIdOf(t.app, admin, admin);
    const annId = await userIdOf(t.app, admin, ann);
    for (const changes of [{ role: 'user' }, { disabled: true }]) {
      const refused = await change(t.app, admin, adminId, changes);
      expect(refused.statusCode).toBe(409);
      expect(errorOf(refused)).toMatchObject({
        code: 'LAST_ADMIN',
        message: `${admin.email} is the last administrator of this server: make another account an administrator first`,
      });
    }
    const deleted = await call(t.app, admin, {
      method: 'DELETE',
      url: `/api/users/${adminId}?data=delete`,
    });
    expect(deleted.statusCode).toBe(409);

    const promoted = await change(t.app, admin, annId, { role: 'admin' });
    expect(promoted.json()).toMatchObject({ email: ann.email, role: 'admin' });
    expect((await call(t.app, ann, { url: '/api/users' })).statusCode).toBe(200);
    // Ann demotes the first administrator: she is then the last one.
    expect((await change(t.app, ann, adminId, { role: 'user' })).statusCode).toBe(200);
    expect((await call(t.app, admin, { url: '/api/users' })).statusCode).toBe(403);
    expect((await change(t.app, ann, annId, { role: 'user' })).statusCode).toBe(409);
    expect((await change(t.app, ann, adminId, { role: 'admin' })).statusCode).toBe(200);
    expect((await change(t.app, admin, annId, { role: 'user' })).statusCode).toBe(200);
    expect((await change(t.app, admin, 'no-such-account', { role: 'user' })).statusCode).toBe(404);
    expect((await change(t.app, admin, annId, {})).statusCode).toBe(400);
    expect((await change(t.app, admin, annId, { role: 'owner' })).statusCode).toBe(400);
  });

  // PGlite has one connection, so its transactions never overlap; PostgreSQL proves the lock.
  it('leaves one administrator when two are demoted at once, each by the other', async () => {
    const auth = createAuth(t.database.db, testConfig());
    const adminId = await userIdOf(t.app, admin, admin);
    for (let round = 0; round < 5; round++) {
      const pair = [await signUp(t.app, 'bea'), await signUp(t.app, 'cid')];
      const ids = await Promise.all(pair.map((user) => userIdOf(t.app, admin, user)));
      for (const id of ids) await change(t.app, admin, id, { role: 'admin' });
      // The first administrator steps down: the pair are the only two.
      expect((await change(t.app, admin, adminId, { role: 'user' })).statusCode).toBe(200);
      const results = await Promise.allSettled(
        ids.map((id) => changeUser(auth, t.database.db, id, { role: 'user' })),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected');
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'LAST_ADMIN' });
      const admins = (await listUsers(t.database.db)).filter((u) => u.role === 'admin');
      expect(admins).toHaveLength(1);
      await changeUser(auth, t.database.db, adminId, { role: 'admin' });
      await changeUser(auth, t.database.db, admins[0]!.id, { role: 'user' });
    }
  });

  it('disables an account at once (sessions, tokens, sign-in) and enables it again', async () => {
    const dan = await signUp(t.app, 'dan');
    const danId = await userIdOf(t.app, admin, dan);
    expect((await call(t.app, dan, { url: '/api/tasks' })).statusCode).toBe(200);
    const disabled = await change(t.app, admin, danId, { disabled: true });
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await call(t.app, dan, { url: '/api/tasks' })).statusCode).toBe(401);
    const tasksByCookie = await t.app.inject({
      url: '/api/tasks',
      headers: { cookie: dan.cookie },
    });
    expect(tasksByCookie.statusCode).toBe(401);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: dan.email, password: PASSWORD },
    });
    expect(signIn.json()).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
    expect((await change(t.app, admin, danId, { disabled: false })).statusCode).toBe(200);
    expect((await call(t.app, dan, { url: '/api/tasks' })).statusCode).toBe(200);
  });

  it('takes a demoted administrator’s token off the admin routes at once', async () => {
    const eve = await signUp(t.app, 'eve');
    const eveId = await userIdOf(t.app, admin, eve);
    await change(t.app, admin, eveId, { role: 'admin' });
    expect((await call(t.app, eve, { url: '/api/users' })).statusCode).toBe(200);
    await change(t.app, admin, eveId, { role: 'user' });
    expect((await call(t.app, eve, { url: '/api/users' })).statusCode).toBe(403);
  });

  it('invites an email: its link signs up once, with the role, whatever the sign-up mode', async () => {
    expect((await setMode(t.app, admin, 'closed')).json()).toEqual({
      signupMode: 'closed',
      signupModeSource: 'database',
    });
    const closed = await signUpWith(t.app, { email: 'walk-in@example.com' });
    expect(closed.statusCode).toBe(403);
    expect(errorOf(closed)).toMatchObject({
      code: 'SIGNUP_CLOSED',
      message: 'Sign-up is closed on this server: ask its administrator for an account',
    });

    const created = await call(t.app, admin, {
      method: 'POST',
      url: '/api/users/invites',
      payload: { email: 'Fay@Example.com', role: 'admin' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const invite = created.json<{ id: string; email: string; url: string; expiresAt: string }>();
    expect(invite.email).toBe('fay@example.com');
    expect(invite.url).toMatch(/^http:\/\/localhost:3000\/sign-up\?invite=[\w-]{43}$/);
    expect(Date.parse(invite.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const token = new URL(invite.url).searchParams.get('invite')!;
    // The token is stored as a hash only.
    const stored = await t.database.db.execute(sql`select token_hash from invites`);
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    const status = await t.app.inject({ url: `/api/auth/signup-status?invite=${token}` });
    expect(status.json()).toMatchObject({
      open: true,
      mode: 'closed',
      invite: { email: 'fay@example.com' },
    });
    const otherEmail = await signUpWith(t.app, { email: 'gus@example.com', inviteToken: token });
    expect(errorOf(otherEmail)).toMatchObject({
      code: 'INVITE_INVALID',
      message: 'This invitation is for fay@example.com: sign up with that email',
    });
    const accepted = await signUpWith(t.app, { email: 'fay@example.com', inviteToken: token });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const fay = { cookie: sessionCookie(accepted.headers['set-cookie']) };
    expect((await t.app.inject({ url: '/api/users', headers: fay })).statusCode).toBe(200);

    // Used up: gone from the list, and the link refuses.
    const pending = await call(t.app, admin, { url: '/api/users/invites' });
    expect(pending.json<{ items: object[] }>().items).toEqual([]);
    const again = await t.app.inject({ url: `/api/auth/signup-status?invite=${token}` });
    expect(again.json()).toMatchObject({ open: false, invite: null });
    expect(again.json<{ reason: string }>().reason).toMatch(
      /^This invitation link cannot be used any more/,
    );
    const reused = await signUpWith(t.app, { email: 'fay2@example.com', inviteToken: token });
    expect(errorOf(reused).code).toBe('INVITE_INVALID');
  });

  it('refuses an expired, replaced or withdrawn invitation', async () => {
    await setMode(t.app, admin, 'invite-only');
    const invite = async (email: string) => {
      const response = await call(t.app, admin, {
        method: 'POST',
        url: '/api/users/invites',
        payload: { email, expiresInDays: 1 },
      });
      const { id, url } = response.json<{ id: string; url: string }>();
      return { id, token: new URL(url).searchParams.get('invite')! };
    };
    const refusedWith = async (email: string, inviteToken: string) =>
      (await signUpWith(t.app, { email, inviteToken })).json<{ error: { code: string } }>().error
        ?.code;

    const expired = await invite('hal@example.com');
    await t.database.db.execute(
      sql`update invites set expires_at = now() - interval '1 second' where id = ${expired.id}`,
    );
    expect(await refusedWith('hal@example.com', expired.token)).toBe('INVITE_INVALID');
    const listed = await call(t.app, admin, { url: '/api/users/invites' });
    expect(listed.json<{ items: object[] }>().items).toMatchObject([
      { email: 'hal@example.com', expired: true },
    ]);

    const first = await invite('ida@example.com');
    const second = await invite('ida@example.com');
    expect(await refusedWith('ida@example.com', first.token)).toBe('INVITE_INVALID');

    const withdrawn = await invite('jo@example.com');
    const revoke = { method: 'DELETE' as const, url: `/api/users/invites/${withdrawn.id}` };
    expect((await call(t.app, admin, revoke)).statusCode).toBe(204);
    expect((await call(t.app, admin, revoke)).statusCode).toBe(404);
    expect(await refusedWith('jo@example.com', withdrawn.token)).toBe('INVITE_INVALID');

    const byInvitation = await signUpWith(t.app, { email: 'walk-in@example.com' });
    expect(errorOf(byInvitation)).toMatchObject({
      code: 'SIGNUP_CLOSED',
      message:
        'New accounts on this server are by invitation: ask an administrator for an invitation link',
    });
    expect(
      (await signUpWith(t.app, { email: 'ida@example.com', inviteToken: second.token })).statusCode,
    ).toBe(200);
  });

  it('takes the sign-up mode from ALLOW_SIGNUP until an administrator chooses one', async () => {
    const reset = await setMode(t.app, admin, null);
    expect(reset.json()).toEqual({ signupMode: 'open', signupModeSource: 'environment' });
    expect((await t.app.inject({ url: '/api/auth/signup-status' })).json()).toEqual({
      open: true,
      reason: null,
      mode: 'open',
      invite: null,
    });
    expect((await signUpWith(t.app, { email: `kim-${kind}@example.com` })).statusCode).toBe(200);
    expect((await setMode(t.app, admin, 'sometimes')).statusCode).toBe(400);
  });

  it('deletes an account with its data, or gives every document, task and conversation to another', async () => {
    const leaver = await signUp(t.app, 'leaver');
    const heir = await signUp(t.app, 'heir');
    const [leaverId, heirId] = [
      await userIdOf(t.app, admin, leaver),
      await userIdOf(t.app, admin, heir),
    ];
    const doc = await call(t.app, leaver, {
      method: 'POST',
      url: '/api/documents',
      payload: { title: 'Beekeeping', text: 'The hives are inspected every ninth day in spring.' },
    });
    expect((await settled(t.app, leaver, doc.json<{ id: string }>().id)).status).toBe('ready');
    await call(t.app, leaver, {
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'Order frames' },
    });
    const chat = await call(t.app, leaver, {
      method: 'POST',
      url: '/api/chat',
      headers: { accept: 'application/json' },
      payload: { message: 'When are the hives inspected?' },
    });
    expect(chat.statusCode, chat.body).toBe(200);

    const remove = (id: string, query: string) =>
      call(t.app, admin, { method: 'DELETE', url: `/api/users/${id}?${query}` });
    expect((await remove(leaverId, '')).statusCode).toBe(400);
    expect(errorOf(await remove(leaverId, 'data=transfer')).details).toEqual([
      { field: 'querystring.transferTo', message: 'name the account that receives the data' },
    ]);
    expect((await remove(leaverId, `data=transfer&transferTo=${leaverId}`)).statusCode).toBe(400);
    expect((await remove(leaverId, 'data=transfer&transferTo=nobody')).statusCode).toBe(400);

    const moved = await remove(leaverId, `data=transfer&transferTo=${heirId}`);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({ transferred: { documents: 1, tasks: 1, conversations: 1 } });
    expect((await call(t.app, leaver, { url: '/api/tasks' })).statusCode).toBe(401);
    const tasks = await call(t.app, heir, { url: '/api/tasks' });
    expect(tasks.json<{ items: { title: string }[] }>().items.map((x) => x.title)).toEqual([
      'Order frames',
    ]);
    expect((await search(t.app, heir, 'hives inspected')).map((h) => h.title)).toEqual([
      'Beekeeping',
    ]);
    const conversations = await call(t.app, heir, { url: '/api/conversations' });
    const [conversation] = conversations.json<{ items: { id: string }[] }>().items;
    const opened = await call(t.app, heir, { url: `/api/conversations/${conversation!.id}` });
    expect(opened.json<{ messages: object[] }>().messages).toHaveLength(2);

    const heirRows = sql`(select count(*)::int from documents where user_id = ${heirId})
      + (select count(*)::int from document_chunks where user_id = ${heirId})
      + (select count(*)::int from tasks where user_id = ${heirId})
      + (select count(*)::int from conversations where user_id = ${heirId})
      + (select count(*)::int from messages where user_id = ${heirId}) as n`;
    const owned = await t.database.db.execute(sql`select ${heirRows}`);
    expect(Number((owned.rows[0] as { n: number }).n)).toBeGreaterThan(5);

    const gone = await remove(heirId, 'data=delete');
    expect(gone.json()).toEqual({ transferred: {} });
    const left = await t.database.db.execute(sql`select ${heirRows}`);
    expect(Number((left.rows[0] as { n: number }).n)).toBe(0);
    expect((await remove(heirId, 'data=delete')).statusCode).toBe(404);
  });
});
