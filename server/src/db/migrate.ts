// Applies the generated SQL migrations in server/drizzle and says where a database stands
// against them. One transaction for all pending migrations, under an advisory lock so that
// concurrent starters apply them exactly once; any failure rolls everything back and is
// thrown: callers exit non-zero. A database with migrations this code does not know (made by
// a newer Docket) is never migrated: the code would run on a schema it was not written for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Logger } from '../lib/logger.js';
import type { Database, Db } from './client.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));
/** An arbitrary constant shared by every Docket process ("docket" in ASCII). */
const MIGRATION_LOCK_KEY = 0x646f636b6574;

/** A migration as drizzle records it: the journal's `when` and the SQL file's sha256. */
export interface MigrationRecord {
  createdAt: number;
  hash: string;
}

export interface CodeMigration extends MigrationRecord {
  tag: string;
}

export interface SchemaState {
  /** This code's migrations, oldest first. */
  migrations: string[];
  applied: string[];
  pending: string[];
  /** Rows of drizzle.__drizzle_migrations this code's journal does not have, oldest first. */
  unknown: MigrationRecord[];
  /** The newest of this code's migrations that the database has. */
  lastApplied: string | undefined;
}

interface DialectMigrator {
  dialect: { migrate(migrations: unknown, session: unknown, config: unknown): Promise<void> };
  session: unknown;
}

const codeMigrationsByFolder = new Map<string, CodeMigration[]>();

/** The migrations shipped with this code (journal tags with drizzle's hashes), oldest first. */
export function codeMigrations(folder = MIGRATIONS_FOLDER): CodeMigration[] {
  const cached = codeMigrationsByFolder.get(folder);
  if (cached) return cached;
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const files = readMigrationFiles({ migrationsFolder: folder });
  const migrations = journal.entries.map(({ tag }, index) => ({
    tag,
    createdAt: files[index]!.folderMillis,
    hash: files[index]!.hash,
  }));
  codeMigrationsByFolder.set(folder, migrations);
  return migrations;
}

async function appliedRecords(db: Db): Promise<MigrationRecord[]> {
  const exists = await db.execute<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists.rows[0]?.present) return [];
  const rows = await db.execute<{ created_at: string; hash: string }>(
    sql`select created_at, hash from drizzle.__drizzle_migrations order by created_at, id`,
  );
  return rows.rows.map((row) => ({ createdAt: Number(row.created_at), hash: row.hash }));
}

/** By date, as drizzle itself tells migrations apart: the hash of the same file changes with
 * its line endings (a checkout with CRLF), and must not make a database look foreign. */
const sameMigration = (a: MigrationRecord, b: MigrationRecord) => a.createdAt === b.createdAt;

/** Reads only: which of this code's migrations the database has, and what else it has. */
export async function schemaState(db: Db, folder = MIGRATIONS_FOLDER): Promise<SchemaState> {
  const code = codeMigrations(folder);
  const records = await appliedRecords(db);
  const isApplied = (m: CodeMigration) => records.some((r) => sameMigration(r, m));
  return {
    migrations: code.map((m) => m.tag),
    applied: code.filter(isApplied).map((m) => m.tag),
    pending: code.filter((m) => !isApplied(m)).map((m) => m.tag),
    unknown: records.filter((r) => !code.some((m) => sameMigration(r, m))),
    lastApplied: code.findLast(isApplied)?.tag,
  };
}

/** Why this code must not run on the database's schema, or undefined when it may. */
export function schemaNewerProblem(state: SchemaState): string | undefined {
  const newest = state.unknown.at(-1);
  if (!newest) return undefined;
  return (
    `this Docket is older than its database: run the newer version, or restore a backup made ` +
    `by this version (the database has ${state.unknown.length} migration(s) this Docket does ` +
    `not know, the newest from ${new Date(newest.createdAt).toISOString()}, hash ` +
    `${newest.hash.slice(0, 12)}; this Docket's newest is ${state.migrations.at(-1) ?? 'none'})`
  );
}

/** The readiness message for a schema this code cannot serve yet, or undefined. */
export function schemaProblem(state: SchemaState): string | undefined {
  const newer = schemaNewerProblem(state);
  if (newer) return newer;
  if (state.pending.length === 0) return undefined;
  return `${state.pending.length} migration(s) not applied (${state.pending.join(', ')}): run the migrate command`;
}

export class SchemaError extends Error {
  override name = 'SchemaError';
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
