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
