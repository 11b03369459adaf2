// One-shot: applies pending migrations and the vector index for the configured embedding
// size, and exits 0; any failure exits non-zero.
import type { Config } from '../config.js';
import { waitForDatabase } from '../db/client.js';
import { applyMigrations } from '../db/migrate.js';
import { ensureVectorIndex } from '../modules/documents/embedding-settings.js';
import { openRuntime } from './runtime.js';

export async function runMigrate(config: Config) {
  const { logger, database } = await openRuntime(config, 'migrate');
  try {
    await waitForDatabase(database.db, logger);
    await applyMigrations(database, logger);
    await ensureVectorIndex(database.db, config.embeddings.dimensions);
  } finally {
    await database.close();
  }
}
