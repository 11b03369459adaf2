// One-shot: applies pending migrations and the modules' after-migration hooks (the vector
// index for the configured embedding size), and exits 0; a schema newer than this code exits
// 1 having changed nothing, and any other failure exits non-zero. With --check it only reads:
// lists what is pending, exits 1 if anything is (or the schema is newer), 0 when the schema
// is current.
import type { Config } from '../config.js';
import { embeddedDatabaseExists, type Db } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import {
  codeMigrations,
  SchemaError,
  schemaNewerProblem,
  schemaState,
} from '../db/schema-state.js';
import { runAfterMigrations } from '../startup.js';
import { openRuntime } from './runtime.js';

export interface MigrateCommandOptions {
  /** Report pending migrations and change nothing. */
  check: boolean;
}

async function checkSchema(db: Db): Promise<number> {
  const state = await schemaState(db);
  const newer = schemaNewerProblem(state);
  if (newer) {
    console.error(newer);
    return 1;
  }
  if (state.pending.length > 0) {
    console.log(`${state.pending.length} migration(s) pending:\n${state.pending.join('\n')}`);
    return 1;
  }
  console.log(`the schema is current (last migration: ${state.lastApplied ?? 'none'})`);
  return 0;
}

export async function runMigrate(
  config: Config,
  { check }: MigrateCommandOptions = { check: false },
): Promise<number> {
  // Opening an embedded database creates it: a check must not, so none yet is all pending.
  if (check && !config.databaseUrl && !embeddedDatabaseExists(config.dataDir)) {
    const tags = codeMigrations().map((m) => m.tag);
    console.log(
      `no database yet in ${config.dataDir}: ${tags.length} migration(s) pending:\n${tags.join('\n')}`,
    );
    return 1;
  }
  const { logger, database } = await openRuntime(config, 'migrate');
  try {
    if (check) return await checkSchema(database.db);
    try {
      await applyMigrations(database, logger);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      logger.error(error.message);
      return 1;
    }
    await runAfterMigrations({ db: database.db, config, logger });
    return 0;
  } finally {
    await database.close();
  }
}
