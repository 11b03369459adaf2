// Each test file gets its own database on the shared PostgreSQL server, and its own Redis
// database number, so files run in parallel without seeing each other's rows or jobs.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
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

/** A migrated database of either kind: PGlite in memory, or a fresh PostgreSQL database. */
export async function migratedDatabase(kind: Backend): Promise<Database> {
  const database =
    kind === 'pglite'
      ? await openDatabase(testConfig(), silentLogger, { inMemory: true })
      : await openDatabase(
          testConfig({ DATABASE_URL: await createPostgresDatabase() }),
          silentLogger,
        );
  await applyMigrations(database, silentLogger);
  return database;
}
