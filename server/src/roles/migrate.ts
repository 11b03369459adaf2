// One-shot: applies pending migrations and exits 0; any failure exits non-zero.
import type { Config } from '../config.js';
import { applyMigrations } from '../db/migrate.js';
import { openRuntime } from './runtime.js';

export async function runMigrate(config: Config) {
  const { logger, database } = await openRuntime(config, 'migrate');
  try {
    await applyMigrations(database, logger);
  } finally {
    await database.close();
  }
}
