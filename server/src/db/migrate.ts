// Applies the generated SQL migrations in server/drizzle. One transaction for all pending
// migrations, under an advisory lock so that concurrent starters apply them exactly once;
// any failure rolls everything back and is thrown: callers exit non-zero.
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Logger } from '../lib/logger.js';
import type { Database, Db } from './client.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));
/** An arbitrary constant shared by every Docket process ("docket" in ASCII). */
const MIGRATION_LOCK_KEY = 0x646f636b6574;

interface DialectMigrator {
  dialect: { migrate(migrations: unknown, session: unknown, config: unknown): Promise<void> };
  session: unknown;
}

export interface MigrationStatus {
  applied: number;
  pending: number;
}

export async function migrationStatus(
  db: Db,
  folder = MIGRATIONS_FOLDER,
): Promise<MigrationStatus> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const exists = await db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists.rows[0]?.present) return { applied: 0, pending: migrations.length };
  const latest = await db.execute<{ created_at: string | null; count: string }>(
    sql`select max(created_at) as created_at, count(*) as count from drizzle.__drizzle_migrations`,
  );
  const lastApplied = Number(latest.rows[0]?.created_at ?? 0);
  return {
    applied: Number(latest.rows[0]?.count ?? 0),
    pending: migrations.filter((m) => m.folderMillis > lastApplied).length,
  };
}

export async function applyMigrations(
  database: Database,
  logger: Logger,
  folder = MIGRATIONS_FOLDER,
): Promise<MigrationStatus> {
  return database.exclusive(async (db) => {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      const before = await migrationStatus(db, folder);
      if (before.pending > 0) {
        logger.info({ pending: before.pending }, 'applying database migrations');
        const migrations = readMigrationFiles({ migrationsFolder: folder });
        // Both drivers' migrators are this same call on the pg dialect.
        const { dialect, session } = db as unknown as DialectMigrator;
        await dialect.migrate(migrations, session, { migrationsFolder: folder });
      }
      const after = await migrationStatus(db, folder);
      logger.info(
        { applied: after.applied, newlyApplied: before.pending },
        'database schema is current',
      );
      return after;
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}
