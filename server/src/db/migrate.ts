// Applies the generated SQL migrations in server/drizzle. One transaction for all pending
// migrations, under an advisory lock so that concurrent starters apply them exactly once;
// any failure rolls everything back and is thrown: callers exit non-zero. A database with
// migrations this code does not know (made by a newer Docket) is never migrated: the code
// would run on a schema it was not written for.
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Logger } from '../lib/logger.js';
import type { Database } from './client.js';
import {
  codeMigrations,
  MIGRATIONS_FOLDER,
  SchemaError,
  schemaNewerProblem,
  schemaState,
  type CodeMigration,
  type SchemaState,
} from './schema-state.js';

/** An arbitrary constant shared by every Docket process ("docket" in ASCII). */
const MIGRATION_LOCK_KEY = 0x646f636b6574;

interface DialectMigrator {
  dialect: { migrate(migrations: unknown, session: unknown, config: unknown): Promise<void> };
  session: unknown;
}

/** The pending migrations to apply now, oldest first; throws if the database must not be migrated. */
function migrationsToApply(
  state: SchemaState,
  code: CodeMigration[],
  through: string | undefined,
): CodeMigration[] {
  const newer = schemaNewerProblem(state);
  if (newer) throw new SchemaError(newer);
  if (through !== undefined && !state.migrations.includes(through))
    throw new SchemaError(
      `unknown migration "${through}": this Docket has ${state.migrations.join(', ')}`,
    );
  const limit =
    through === undefined ? state.migrations.length : state.migrations.indexOf(through) + 1;
  const wanted = code.slice(0, limit).filter((m) => state.pending.includes(m.tag));
  // drizzle applies only migrations newer than the database's newest one: an older pending one
  // (two branches' migrations merged) would be skipped silently and leave the schema behind.
  const newestApplied = Math.max(
    0,
    ...code.filter((m) => state.applied.includes(m.tag)).map((m) => m.createdAt),
  );
  const skipped = wanted.filter((m) => m.createdAt <= newestApplied).map((m) => m.tag);
  if (skipped.length > 0)
    throw new SchemaError(
      `migration(s) ${skipped.join(', ')} are older than the database's last one (${state.lastApplied}) and cannot be applied after it`,
    );
  return wanted;
}

export interface MigrateOptions {
  /** Apply migrations only up to and including this tag. */
  through?: string;
  folder?: string;
}

export async function applyMigrations(
  database: Database,
  logger: Logger,
  { through, folder = MIGRATIONS_FOLDER }: MigrateOptions = {},
): Promise<SchemaState> {
  return database.exclusive(async (db) => {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      const before = await schemaState(db, folder);
      const wanted = migrationsToApply(before, codeMigrations(folder), through);
      const tags = wanted.map((m) => m.tag);
      if (tags.length > 0) {
        logger.info({ pending: tags }, 'applying database migrations');
        const chosen = readMigrationFiles({ migrationsFolder: folder }).filter((file) =>
          wanted.some((m) => m.createdAt === file.folderMillis && m.hash === file.hash),
        );
        // Both drivers' migrators are this same call on the pg dialect.
        const { dialect, session } = db as unknown as DialectMigrator;
        await dialect.migrate(chosen, session, { migrationsFolder: folder });
      }
      const after = await schemaState(db, folder);
      logger.info(
        { applied: after.applied.length, newlyApplied: tags, lastApplied: after.lastApplied },
        after.pending.length === 0 ? 'database schema is current' : 'database schema migrated',
      );
      return after;
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}
