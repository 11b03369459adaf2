// Each test file gets its own database on the shared PostgreSQL server, and its own Redis
// database number, so files run in parallel without seeing each other's rows or jobs.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { createLogger } from '../../src/lib/logger.js';

export const silentLogger = createLogger({ logLevel: 'silent' }, 'test');

export async function createPostgresDatabase(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The test Redis, on its own database number (1-15) so that files do not share jobs. */
export function redisUrl(dbNumber: number): string {
  const url = new URL(inject('redisUrl'));
  url.pathname = `/${dbNumber}`;
  return url.toString();
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    AUTH_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    DATA_DIR: '/nonexistent-docket-test',
    ...overrides,
  });
}

export type Backend = 'pglite' | 'postgres';

/**
 * A database of either kind with nothing in it, not even the schema: PGlite in memory, or a new
 * PostgreSQL database (or the one at `url`, for several connections to one database).
 */
export async function emptyDatabase(kind: Backend, url?: string): Promise<Database> {
  return kind === 'pglite'
    ? openDatabase(testConfig(), silentLogger, { inMemory: true })
    : openDatabase(
        testConfig({ DATABASE_URL: url ?? (await createPostgresDatabase()) }),
        silentLogger,
      );
}

/** A migrated database of either kind: PGlite in memory, or a fresh PostgreSQL database. */
export async function migratedDatabase(kind: Backend): Promise<Database> {
  const database = await emptyDatabase(kind);
  await applyMigrations(database, silentLogger);
  return database;
}

/**
 * A list for the databases a test opens: each is closed after that test. Call it at the top
 * level of a test file.
 */
export function closedAfterEachTest(): Database[] {
  const open: Database[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((database) => database.close()));
  });
  return open;
}
