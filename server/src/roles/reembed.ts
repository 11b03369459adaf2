// One-shot: re-embeds every document chunk with the configured embedding model, then exits.
// Stop the workers first, so that no document is ingested with the old model meanwhile.
import type { Config } from '../config.js';
import { reembedAll } from '../modules/documents/reembed.js';
import { openRuntime } from './runtime.js';

export async function runReembed(config: Config) {
  const { logger, database } = await openRuntime(config, 'reembed');
  try {
    await reembedAll(database.db, config.embeddings, logger);
  } finally {
    await database.close();
  }
}
