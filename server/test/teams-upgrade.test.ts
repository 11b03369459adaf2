// Upgrading a server from before collections and scoped tokens, on PGlite and PostgreSQL: the
// data written by the previous schema is kept, every existing document is private to its owner
// (in no collection), and every existing API token keeps working with read and write and no
// expiry.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../src/db/migrate.js';
import { codeMigrations } from '../src/db/schema-state.js';
import { emptyDatabase, silentLogger, type Backend } from './support/databases.js';
import { signUp, startTestApp } from './support/app.js';

/** The migration that adds collections and token scopes, and the one before it. */
const tags = codeMigrations().map((m) => m.tag);
const COLLECTIONS = tags.findIndex((tag) => tag.endsWith('_collections_token_scopes'));

const OLD_TOKEN = 'dkt_a-token-made-before-scopes-existed';
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

describe.each<Backend>(['pglite', 'postgres'])('upgrading to collections on %s', (kind) => {
  it('keeps documents private to their owners and tokens read+write with no expiry', async () => {
    expect(COLLECTIONS, 'the collections migration').toBeGreaterThan(0);
    const database = await emptyDatabase(kind);
    await applyMigrations(database, silentLogger, { through: tags[COLLECTIONS - 1] });
    await database.db.execute(sql`
      insert into users (id, name, email) values ('old', 'Old', 'old@example.com')`);
    await database.db.execute(sql`
      insert into api_tokens (user_id, name, token_hash, prefix)
      values ('old', 'old script', ${hash(OLD_TOKEN)}, ${OLD_TOKEN.slice(0, 12)})`);
    await database.db.execute(sql`
      insert into documents (id, user_id, title, source, status)
      values ('00000000-0000-4000-8000-00000000d0c5', 'old', 'Old notes', 'text', 'ready')`);
    await applyMigrations(database, silentLogger);

    const t = await startTestApp({}, { database });
    try {
      const auth = { authorization: `Bearer ${OLD_TOKEN}` };
      const tokens = await t.app.inject({ url: '/api/tokens', headers: auth });
      expect(tokens.statusCode, tokens.body).toBe(200);
      expect(tokens.json()).toMatchObject({
        items: [
          { name: 'old script', scopes: ['read', 'write'], collectionIds: null, expiresAt: null },
        ],
      });
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/tasks',
        headers: auth,
        payload: { title: 'still allowed to write' },
      });
      expect(created.statusCode).toBe(201);

      const listed = await t.app.inject({ url: '/api/documents', headers: auth });
      expect(listed.json()).toMatchObject({
        items: [{ title: 'Old notes', owner: { id: 'old', name: 'Old' } }],
      });
      const { rows } = await t.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from collection_documents`,
      );
      expect(rows[0]?.n).toBe(0);
      const other = await signUp(t.app, 'newcomer');
      const seen = await t.app.inject({ url: '/api/documents', headers: other.auth });
      expect(seen.json()).toMatchObject({ items: [] });
    } finally {
      await t.close();
    }
  });
});
