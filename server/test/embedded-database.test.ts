// The embedded database's own settings: small shared buffers (they live in WebAssembly memory,
// which never shrinks), given on its command line so that the data directory's postgresql.conf
// (time zone, text search configuration, locale) stays as initdb wrote it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
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
