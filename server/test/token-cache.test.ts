// An API token is looked up once, then served from memory for at most VERIFIED_TOKEN_TTL_MS:
// checked by recording the statements each request runs, on PGlite and on PostgreSQL. A revoke
// takes effect on the next request; a token deleted behind the process's back, within the bound.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { VERIFIED_TOKEN_TTL_MS } from '../src/modules/tokens/verified.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import type { Backend } from './support/databases.js';
import { recordStatements, type Statement } from './support/statements.js';

const tokenStatements = (statements: Statement[]) =>
  statements.filter((s) => s.text.includes('api_tokens'));

describe.each<Backend>(['pglite', 'postgres'])('verified tokens on %s', (kind) => {
  let t: TestApp;
  let statements: Statement[];
  beforeAll(async () => {
    t = await startTestApp({}, { kind });
    statements = recordStatements(t.database);
  });
  afterAll(async () => t.close());
  afterEach(() => vi.useRealTimers());

  const listTasks = (user: TestUser) => call(t.app, user, { url: '/api/tasks' });

  it('looks a token up once: the next requests run no statement on api_tokens', async () => {
    const ann = await signUp(t.app, 'ann');
    statements.length = 0;
    expect((await listTasks(ann)).statusCode).toBe(200);
    expect(tokenStatements(statements).length).toBeGreaterThan(0);

    statements.length = 0;
    for (let i = 0; i < 3; i++) expect((await listTasks(ann)).statusCode).toBe(200);
    expect(tokenStatements(statements)).toEqual([]);
    // The first use was recorded all the same.
    const tokens = await call(t.app, ann, { url: '/api/tokens' });
    expect(
      tokens.json<{ items: { lastUsedAt: string | null }[] }>().items[0]!.lastUsedAt,
    ).not.toBeNull();
  });

  it('refuses a revoked token on the next request, though it was just verified', async () => {
    const bob = await signUp(t.app, 'bob');
    expect((await listTasks(bob)).statusCode).toBe(200);
    const [token] = (await call(t.app, bob, { url: '/api/tokens' })).json<{
      items: { id: string }[];
    }>().items;
    const revoked = await call(t.app, bob, { method: 'DELETE', url: `/api/tokens/${token!.id}` });
    expect(revoked.statusCode).toBe(204);
    expect((await listTasks(bob)).statusCode).toBe(401);
  });

  it('refuses a token deleted by another process once VERIFIED_TOKEN_TTL_MS has passed', async () => {
    const cy = await signUp(t.app, 'cy');
    expect((await listTasks(cy)).statusCode).toBe(200);
    const user = await t.database.db.execute<{ id: string }>(
      sql`select id from users where email = ${cy.email}`,
    );
    await t.database.db.execute(sql`delete from api_tokens where user_id = ${user.rows[0]!.id}`);
    // Within the bound the verification stands: the cost of not asking the database each time.
    expect((await listTasks(cy)).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + VERIFIED_TOKEN_TTL_MS + 1 });
    expect((await listTasks(cy)).statusCode).toBe(401);
  });
});
