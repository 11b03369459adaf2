// Where a database stands against the migrations shipped in server/drizzle: applied, pending,
// and any this code does not know (a newer Docket made them). Reads only, so that every role
// may check before it runs, the worker too, without loading the code that migrates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { SERVER_DIR } from '../lib/server-dir.js';
import type { Db } from './client.js';

export const MIGRATIONS_FOLDER = join(SERVER_DIR, 'drizzle');

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
