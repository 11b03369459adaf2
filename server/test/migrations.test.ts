// The same generated migrations on PGlite and on a real PostgreSQL 17 + pgvector server: applied
// whole or through a tag, all or nothing, once under concurrency, and never onto a newer schema.
import { cpSync, existsSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { codeMigrations, schemaState, MIGRATIONS_FOLDER } from '../src/db/schema-state.js';
import { startTestApp } from './support/app.js';
import { assertBuilt, killAll, MAIN, spawnCommand } from './support/processes.js';
import { addFutureMigration, schemaSnapshot } from './support/schema.js';
import {
  closedAfterEachTest,
  createPostgresDatabase,
  emptyDatabase,
  redisUrl,
  silentLogger,
  testConfig,
  type Backend,
} from './support/databases.js';

const open = closedAfterEachTest();

async function freshDatabase(kind: Backend, url?: string): Promise<Database> {
  const database = await emptyDatabase(kind, url);
  open.push(database);
  return database;
}

/**
 * A copy of the real migrations plus one more, last in the journal: `sql` under `tag`, dated
 * `afterLastMs` after the last real one (negative: before it, as a merged branch's may be).
 */
function foldersWithExtraMigration(tag: string, sql: string, afterLastMs: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'docket-migrations-'));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
    entries: { idx: number; when: number; tag: string; breakpoints: boolean; version: string }[];
  };
  const last = journal.entries.at(-1)!;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + afterLastMs, tag });
  writeFileSync(journalFile, JSON.stringify(journal));
  writeFileSync(join(folder, `${tag}.sql`), sql);
  return folder;
}

/** One that fails halfway through its statements. */
const foldersWithBrokenMigration = () =>
  foldersWithExtraMigration(
    '9999_broken',
    'CREATE TABLE half_done (id int);\n--> statement-breakpoint\nSELECT * FROM no_such_table;',
    1000,
  );

describe.each<Backend>(['pglite', 'postgres'])('migrations on %s', (kind) => {
  it('apply from scratch, then report the schema current', async () => {
    const database = await freshDatabase(kind);
    const tags = codeMigrations().map((m) => m.tag);
    expect(tags.length).toBeGreaterThanOrEqual(7);
    expect(await schemaState(database.db)).toEqual({
      migrations: tags,
      applied: [],
      pending: tags,
      unknown: [],
      lastApplied: undefined,
    });
    const state = await applyMigrations(database, silentLogger);
    expect(state).toEqual({
      migrations: tags,
      applied: tags,
      pending: [],
      unknown: [],
      lastApplied: tags.at(-1),
    });
    // Applying again changes nothing.
    expect(await applyMigrations(database, silentLogger)).toEqual(state);
  });

  it('apply through a tag only, then the rest', async () => {
    const database = await freshDatabase(kind);
    const tags = codeMigrations().map((m) => m.tag);
    const through = tags[2]!;
    const partial = await applyMigrations(database, silentLogger, { through });
    expect(partial).toMatchObject({
      applied: tags.slice(0, 3),
      pending: tags.slice(3),
      lastApplied: through,
    });
    expect(await schemaState(database.db)).toEqual(partial);
    await expect(
      applyMigrations(database, silentLogger, { through: '9999_no_such_migration' }),
    ).rejects.toThrow(/unknown migration "9999_no_such_migration"/);
    expect((await applyMigrations(database, silentLogger)).pending).toEqual([]);
  });

  it('keep existing conversations: each message follows the one before it, answers have no model', async () => {
    const database = await freshDatabase(kind);
    const tags = codeMigrations().map((m) => m.tag);
    const branches = tags.findIndex((tag) => tag.endsWith('_chat_branches_models_mcp_servers'));
    await applyMigrations(database, silentLogger, { through: tags[branches - 1] });
    const { db } = database;
    await db.execute(
      sql`insert into users (id, name, email) values ('ann', 'Ann', 'ann@example.com')`,
    );
    const conversation = '10000000-0000-4000-8000-000000000000';
    await db.execute(
      sql`insert into conversations (id, user_id, title) values (${conversation}, 'ann', 'Roses')`,
    );
    // Ids out of time order, as random ones are: the order comes from the times.
    const ids = [
      '30000000-0000-4000-8000-000000000000',
      '20000000-0000-4000-8000-000000000000',
      '40000000-0000-4000-8000-000000000000',
    ];
    for (const [i, id] of ids.entries())
      await db.execute(sql`insert into messages (id, conversation_id, user_id, role, content, created_at)
        values (${id}, ${conversation}, 'ann', ${i % 2 === 0 ? 'user' : 'assistant'}, ${`m${i}`},
                ${new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()})`);
    await applyMigrations(database, silentLogger);
    const messages = await db.execute<{
      id: string;
      parent_id: string | null;
      model: string | null;
      attachments: unknown;
    }>(sql`select id, parent_id, model, attachments from messages order by created_at`);
    expect(messages.rows).toEqual([
      { id: ids[0], parent_id: null, model: null, attachments: [] },
      { id: ids[1], parent_id: ids[0], model: null, attachments: [] },
      { id: ids[2], parent_id: ids[1], model: null, attachments: [] },
    ]);
    const conversations = await db.execute<{ current_message_id: string; model: string | null }>(
      sql`select current_message_id, model from conversations`,
    );
    expect(conversations.rows).toEqual([{ current_message_id: ids[2], model: null }]);
  });

  it('enable pgvector, with cosine distance', async () => {
    const database = await freshDatabase(kind);
    await applyMigrations(database, silentLogger);
    const result = await database.db.execute<{ distance: number }>(
      sql`select ('[1,0,0]'::vector <=> '[0,1,0]'::vector) as distance`,
    );
    expect(Number(result.rows[0]?.distance)).toBeCloseTo(1);
  });

  it('fail closed: a failing migration throws and leaves nothing half-applied', async () => {
    const database = await freshDatabase(kind);
    await applyMigrations(database, silentLogger);
    const before = await schemaState(database.db);
    await expect(
      applyMigrations(database, silentLogger, { folder: foldersWithBrokenMigration() }),
    ).rejects.toThrow(/no_such_table/);
    const halfDone = await database.db.execute<{ present: boolean }>(
      sql`select to_regclass('half_done') is not null as present`,
    );
    expect(halfDone.rows[0]?.present).toBe(false);
    expect(await schemaState(database.db)).toEqual(before);
  });

  it('refuse a pending migration older than the last applied one, which drizzle would skip', async () => {
    const database = await freshDatabase(kind);
    await applyMigrations(database, silentLogger);
    const folder = foldersWithExtraMigration('9999_merged', 'CREATE TABLE merged (id int);', -1000);
    const before = await schemaState(database.db, folder);
    expect(before.pending).toEqual(['9999_merged']);
    await expect(applyMigrations(database, silentLogger, { folder })).rejects.toThrow(
      /9999_merged are older than the database's last one/,
    );
    expect(await schemaState(database.db, folder)).toEqual(before);
  });

  it('know a migration by its date, whatever its recorded hash (line endings change it)', async () => {
    const database = await freshDatabase(kind);
    const state = await applyMigrations(database, silentLogger);
    await database.db.execute(sql`update drizzle.__drizzle_migrations set hash = md5(hash)`);
    expect(await schemaState(database.db)).toEqual(state);
    expect(await applyMigrations(database, silentLogger)).toEqual(state);
  });

  it('refuse a newer schema: migrate throws and changes nothing, readiness is 503 naming both', async () => {
    const test = await startTestApp({}, { kind });
    try {
      const { db } = test.database;
      const future = await addFutureMigration(db);
      const state = await schemaState(db);
      expect(state.unknown).toEqual([future]);
      expect(state.pending).toEqual([]);
      const before = await schemaSnapshot(db);
      await expect(applyMigrations(test.database, silentLogger)).rejects.toThrow(
        /this Docket is older than its database: run the newer version, or restore a backup made by this version/,
      );
      expect(await schemaSnapshot(db)).toEqual(before);

      const ready = await test.app.inject('/api/health/ready');
      expect(ready.statusCode).toBe(503);
      const body = ready.json<{ status: string; checks: { schema: { message?: string } } }>();
      expect(body.status).toBe('unavailable');
      expect(body.checks.schema.message).toContain(new Date(future.createdAt).toISOString());
      expect(body.checks.schema.message).toContain(`newest is ${state.migrations.at(-1)}`);
      expect(body.checks.schema.message).toMatch(/older than its database/);
    } finally {
      await test.close();
    }
  });
});

describe('migrations on postgres, started concurrently', () => {
  it('are applied exactly once under the advisory lock', async () => {
    const url = await createPostgresDatabase();
    const starters = await Promise.all([1, 2, 3].map(() => freshDatabase('postgres', url)));
    const results = await Promise.all(starters.map((d) => applyMigrations(d, silentLogger)));
    for (const result of results) expect(result.pending).toEqual([]);
    const rows = await starters[0]!.db.execute<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(rows.rows[0]?.n).toBe(results[0]!.applied.length);
  });
});

describe.each<Backend>(['pglite', 'postgres'])('the migrate command on %s', (kind) => {
  beforeAll(assertBuilt);
  afterAll(killAll);
  const tags = codeMigrations().map((m) => m.tag);

  /** A database for the command's process, opened in this one only between its runs. */
  async function target() {
    const env: Record<string, string> =
      kind === 'pglite'
        ? { DATA_DIR: mkdtempSync(join(tmpdir(), 'docket-migrate-')) }
        : { DATABASE_URL: await createPostgresDatabase() };
    const config = testConfig(env);
    const migrate = async (...args: string[]) => {
      const run = spawnCommand('node', [MAIN, 'migrate', ...args], {
        ...env,
        AUTH_SECRET: config.authSecret,
      });
      return { code: await run.exited, output: run.output() };
    };
    /** Opens the database, runs `work` on it and closes it (PGlite has one user at a time). */
    const onDatabase = async <T>(work: (database: Database) => Promise<T>): Promise<T> => {
      const database = await openDatabase(config, silentLogger);
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    };
    return { migrate, onDatabase };
  }

  it('--check lists the pending migrations and changes nothing; migrate applies them', async () => {
    const { migrate, onDatabase } = await target();
    const before = await onDatabase(async (database) => {
      await applyMigrations(database, silentLogger, { through: tags[2] });
      return schemaSnapshot(database.db);
    });
    const check = await migrate('--check');
    expect(check.code, check.output).toBe(1);
    expect(check.output).toContain(
      `${tags.length - 3} migration(s) pending:\n${tags.slice(3).join('\n')}\n`,
    );
    expect(await onDatabase((database) => schemaSnapshot(database.db))).toEqual(before);

    const applied = await migrate();
    expect(applied.code, applied.output).toBe(0);
    const current = await migrate('--check');
    expect(current.code, current.output).toBe(0);
    expect(current.output).toContain(`the schema is current (last migration: ${tags.at(-1)})`);
  });

  it('a newer schema: migrate and --check exit 1 with the message and change nothing', async () => {
    const { migrate, onDatabase } = await target();
    const before = await onDatabase(async (database) => {
      await applyMigrations(database, silentLogger);
      await addFutureMigration(database.db);
      return schemaSnapshot(database.db);
    });
    for (const args of [[], ['--check']]) {
      const refused = await migrate(...args);
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toMatch(
        /this Docket is older than its database: run the newer version, or restore a backup made by this version/,
      );
    }
    expect(await onDatabase((database) => schemaSnapshot(database.db))).toEqual(before);
  });
});

describe('migrate --check on a fresh embedded install', () => {
  beforeAll(assertBuilt);
  afterAll(killAll);

  it('creates no database and lists every migration as pending', async () => {
    const tags = codeMigrations().map((m) => m.tag);
    const dataDir = join(mkdtempSync(join(tmpdir(), 'docket-check-')), 'absent');
    const run = spawnCommand('node', [MAIN, 'migrate', '--check'], {
      DATA_DIR: dataDir,
      AUTH_SECRET: testConfig().authSecret,
    });
    const code = await run.exited;
    expect(code, run.output()).toBe(1);
    expect(run.output()).toContain(`${tags.length} migration(s) pending:\n${tags.join('\n')}\n`);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('a worker on a schema newer than its code', () => {
  beforeAll(assertBuilt);
  afterAll(killAll);

  it('refuses to start, naming both, and takes no job', async () => {
    const url = await createPostgresDatabase();
    const database = await freshDatabase('postgres', url);
    await applyMigrations(database, silentLogger);
    await addFutureMigration(database.db);
    const env = {
      DATABASE_URL: url,
      REDIS_URL: redisUrl(11),
      AUTH_SECRET: testConfig().authSecret,
    };
    const worker = spawnCommand('node', [MAIN, 'worker'], env);
    // Bounds the wait only: a worker that starts keeps running, and this fails instead of hanging.
    const code = await Promise.race([
      worker.exited,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 60_000)),
    ]);
    expect(code, worker.output()).toBe(1);
    expect(worker.output()).toMatch(/this Docket is older than its database/);
    expect(worker.output()).not.toMatch(/worker is taking jobs/);
  }, 90_000);
});
