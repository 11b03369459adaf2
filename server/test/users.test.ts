// Account administration (the users module behind `docket users`) on PGlite and PostgreSQL:
// the first account administers, a disabled account gets no session and its tokens are refused,
// a reset password signs in and ends sessions, and migration 0007 makes existing data agree.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { createAuth } from '../src/modules/auth/better-auth.js';
import type { Auth } from '../src/modules/auth/service.js';
import { updateUserDisabledAt } from '../src/modules/users/queries.js';
import {
  AccountError,
  changeUser,
  createUser,
  listUsers,
  resetPassword,
  userByEmail,
} from '../src/modules/users/service.js';
import { PASSWORD, signUp, startTestApp, type TestApp } from './support/app.js';
import {
  createPostgresDatabase,
  silentLogger,
  testConfig,
  type Backend,
} from './support/databases.js';

const BACKENDS: Backend[] = ['pglite', 'postgres'];

describe.each(BACKENDS)('account administration on %s', (kind) => {
  let t: TestApp;
  let auth: Auth;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '1000' }, { kind });
    auth = createAuth(t.database.db, testConfig(), { anyoneMaySignUp: true });
  });
  const setDisabled = async (email: string, disabled: boolean) =>
    changeUser(auth, t.database.db, (await userByEmail(t.database.db, email)).id, { disabled });
  afterAll(async () => t.close());

  const tasks = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/tasks', headers });
  const signIn = (email: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email, password },
    });

  it('makes the first account to sign up the admin, and later ones users', async () => {
    const first = await signUp(t.app, 'first');
    const second = await signUp(t.app, 'second');
    const roles = Object.fromEntries(
      (await listUsers(t.database.db)).map((u) => [u.email, u.role]),
    );
    expect(roles).toEqual({ [first.email]: 'admin', [second.email]: 'user' });
  });

  it('refuses a disabled account everywhere, and lets it in again once enabled', async () => {
    const user = await signUp(t.app, 'dora');
    await setDisabled(user.email, true);
    expect((await tasks(user.auth)).statusCode).toBe(401);
    expect((await tasks({ cookie: user.cookie })).statusCode).toBe(401);
    const refused = await signIn(user.email, PASSWORD);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
    expect((await listUsers(t.database.db)).find((u) => u.email === user.email)).toMatchObject({
      disabled: true,
    });

    await setDisabled(user.email, false);
    expect((await tasks(user.auth)).statusCode).toBe(200);
    expect((await signIn(user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('refuses the session of an account marked disabled, even before its sessions end', async () => {
    const user = await signUp(t.app, 'eve');
    expect((await tasks({ cookie: user.cookie })).statusCode).toBe(200);
    const [row] = (await listUsers(t.database.db)).filter((u) => u.email === user.email);
    await updateUserDisabledAt(t.database.db, row!.id, new Date());
    expect((await tasks({ cookie: user.cookie })).statusCode).toBe(401);
  });

  it('resets a password: the new one signs in, the old one does not, sessions end', async () => {
    const user = await signUp(t.app, 'fay');
    await resetPassword(auth, t.database.db, user.email, 'a brand new passphrase');
    expect((await tasks({ cookie: user.cookie })).statusCode).toBe(401);
    expect((await signIn(user.email, PASSWORD)).statusCode).toBe(401);
    expect((await signIn(user.email, 'a brand new passphrase')).statusCode).toBe(200);
    await expect(resetPassword(auth, t.database.db, user.email, 'short')).rejects.toThrow(
      AccountError,
    );
    await expect(
      resetPassword(auth, t.database.db, 'nobody@example.com', PASSWORD),
    ).rejects.toThrow(/no account with the email nobody@example.com/);
  });

  it('creates accounts with sign-up closed, as admin or user, with sign-up checks', async () => {
    const closed = createAuth(t.database.db, testConfig({ ALLOW_SIGNUP: 'false' }));
    const email = `gus-${kind}@example.com`;
    await expect(
      createUser(closed, t.database.db, { email, name: 'Gus', password: PASSWORD, role: 'admin' }),
    ).rejects.toThrow(/Sign-up is closed/);
    const created = await createUser(auth, t.database.db, {
      email,
      name: 'Gus',
      password: PASSWORD,
      role: 'admin',
    });
    expect(created).toMatchObject({ email, role: 'admin', disabled: false });
    expect((await signIn(email, PASSWORD)).statusCode).toBe(200);
    const again = { email, name: 'Gus', password: PASSWORD, role: 'user' } as const;
    await expect(createUser(auth, t.database.db, again)).rejects.toThrow(AccountError);
    const short = { ...again, email: `hal-${kind}@example.com`, password: 'short' };
    await expect(createUser(auth, t.database.db, short)).rejects.toThrow(AccountError);
  });
});

/** A new database of that kind, migrated up to `through` only. */
async function databaseThrough(kind: Backend, through: string) {
  const config =
    kind === 'pglite' ? testConfig() : testConfig({ DATABASE_URL: await createPostgresDatabase() });
  const database = await openDatabase(config, silentLogger, { inMemory: true });
  await applyMigrations(database, silentLogger, { through });
  return database;
}

describe.each(BACKENDS)('migration 0007 on %s', (kind) => {
  it('makes the oldest existing account the admin', async () => {
    const database = await databaseThrough(kind, '0006_document_source_parts');
    try {
      await database.db.execute(sql`
        insert into users (id, name, email, created_at) values
          ('later', 'Later', 'later@example.com', now()),
          ('oldest', 'Oldest', 'oldest@example.com', now() - interval '1 day')`);
      await applyMigrations(database, silentLogger);
      const roles = (await listUsers(database.db)).map((u) => [u.email, u.role, u.disabled]);
      expect(roles).toEqual([
        ['oldest@example.com', 'admin', false],
        ['later@example.com', 'user', false],
      ]);
    } finally {
      await database.close();
    }
  });
});

describe.each(BACKENDS)('migration 0010 on %s', (kind) => {
  it('keeps every account and its role, and adds empty invitations and server settings', async () => {
    const database = await databaseThrough(kind, '0009_vector_index_ef_construction');
    try {
      await database.db.execute(sql`
        insert into users (id, name, email, role, disabled_at, created_at) values
          ('first', 'First', 'first@example.com', 'admin', null, now() - interval '1 day'),
          ('other', 'Other', 'other@example.com', 'user', now(), now())`);
      await applyMigrations(database, silentLogger);
      const roles = (await listUsers(database.db)).map((u) => [u.email, u.role, u.disabled]);
      expect(roles).toEqual([
        ['first@example.com', 'admin', false],
        ['other@example.com', 'user', true],
      ]);
      const counts = await database.db.execute(
        sql`select (select count(*) from invites)::int as invites, (select count(*) from server_settings)::int as settings`,
      );
      expect(counts.rows).toEqual([{ invites: 0, settings: 0 }]);
    } finally {
      await database.close();
    }
  });
});
