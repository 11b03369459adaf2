// The embedded database's own settings: small shared buffers (they live in WebAssembly memory,
// which never shrinks), given on its command line so that the data directory's postgresql.conf
// (time zone, text search configuration, locale) stays as initdb wrote it. A new one is a copy of
// the build's template (initdb inside PGlite would grow that memory for good).
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { PGLITE_TEMPLATE_DIR, pgliteTemplateIsCurrent } from '../src/db/pglite-template.js';
import { silentLogger, testConfig } from './support/databases.js';

describe('the embedded database on disk', () => {
  let dataDir: string;
  let database: Database;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'docket-pglite-'));
    database = await openDatabase(testConfig({ DATA_DIR: dataDir }), silentLogger);
  });
  afterAll(async () => {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const setting = async (name: string) =>
    (await database.db.execute<{ value: string }>(sql`select current_setting(${name}) as value`))
      .rows[0]!.value;

  it('runs with 16 MB of shared buffers', async () => {
    expect(await setting('shared_buffers')).toBe('16MB');
  });

  it('keeps the settings initdb wrote to postgresql.conf', async () => {
    const conf = await readFile(join(dataDir, 'pglite', 'postgresql.conf'), 'utf8');
    expect(conf).toMatch(/^default_text_search_config = 'pg_catalog.english'/m);
    expect(await setting('default_text_search_config')).toBe('pg_catalog.english');
  });
});

/** The cluster's identifier, which initdb draws at random: the first 8 bytes of pg_control. */
const templateSystemIdentifier = async () =>
  (await readFile(join(PGLITE_TEMPLATE_DIR, 'global', 'pg_control'))).readBigUInt64LE(0);

const systemIdentifier = async (database: Database) =>
  BigInt(
    (
      await database.db.execute<{ id: string }>(
        sql`select system_identifier::text as id from pg_control_system()`,
      )
    ).rows[0]!.id,
  );

describe('a new embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'docket-pglite-new-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('is a copy of the build template (npm run build), not an initdb of its own', async () => {
    expect(pgliteTemplateIsCurrent()).toBe(true);
    const database = await openDatabase(testConfig({ DATA_DIR: join(dataDir, 'a') }), silentLogger);
    try {
      expect(await systemIdentifier(database)).toBe(await templateSystemIdentifier());
    } finally {
      await database.close();
    }
  });

  it('is copied again over a copy cut short (no PG_VERSION yet)', async () => {
    const target = join(dataDir, 'b', 'pglite');
    await mkdir(target, { recursive: true });
    await cp(join(PGLITE_TEMPLATE_DIR, 'global'), join(target, 'global'), { recursive: true });
    const database = await openDatabase(testConfig({ DATA_DIR: join(dataDir, 'b') }), silentLogger);
    try {
      expect(await systemIdentifier(database)).toBe(await templateSystemIdentifier());
      await database.db.execute(sql`create table t (x int)`);
    } finally {
      await database.close();
    }
  });
});

describe('statements on the embedded database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase(testConfig(), silentLogger, { inMemory: true });
  });
  afterAll(() => database.close());

  const preparedCount = async (text: string) =>
    (
      await database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from pg_prepared_statements where statement = ${text}`,
      )
    ).rows[0]!.n;

  /** PGlite's client, whose query() the prepared statements replace. */
  const client = () =>
    (
      database.db as unknown as {
        $client: { query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> };
      }
    ).$client;

  it('prepares a statement once, by its text, and plans each run for its values', async () => {
    const text = 'select $1::int + 1 as answer';
    for (const n of [1, 2, 3])
      expect((await client().query(text, [n])).rows).toEqual([{ answer: n + 1 }]);
    expect(await preparedCount(text)).toBe(1);
    const { rows } = await database.db.execute<{ mode: string }>(
      sql`select current_setting('plan_cache_mode') as mode`,
    );
    expect(rows[0]!.mode).toBe('force_custom_plan');
  });

  it('prepares a text seen by several queries at once under one name', async () => {
    const text = 'select $1::int * 2 as twice';
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => client().query(text, [n])));
    expect(answers.map(({ rows }) => rows)).toEqual([1, 2, 3, 4, 5].map((n) => [{ twice: 2 * n }]));
    expect(await preparedCount(text)).toBe(1);
  });

  it('runs a prepared statement again after its table changed shape, and names a failed one', async () => {
    await database.db.execute(sql`create table shapes (a int)`);
    await database.db.execute(sql`insert into shapes values (1)`);
    const select = () => database.db.execute(sql`select * from shapes`);
    expect((await select()).rows).toEqual([{ a: 1 }]);
    await database.db.execute(sql`alter table shapes add column b text default 'x'`);
    expect((await select()).rows).toEqual([{ a: 1, b: 'x' }]);
    // The statement prepared before the change is closed, not left prepared beside a new one.
    expect(await preparedCount('select * from shapes')).toBe(0);
    expect((await select()).rows).toEqual([{ a: 1, b: 'x' }]);
    expect(await preparedCount('select * from shapes')).toBe(1);
    await expect(database.db.execute(sql`select * from no_such_table`)).rejects.toMatchObject({
      cause: { code: '42P01', query: 'select * from no_such_table' },
    });
  });
});
