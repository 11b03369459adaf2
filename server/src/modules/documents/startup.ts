// The documents module at start-up: the vector index for the configured embedding size, chunks
// of an older offline embedding re-embedded with the current one (no model or network needed),
// the refusal of a model or size other than the stored chunks' (embedding-settings.ts), and, in
// the processes that take jobs, the scheduled refreshes of URL documents.
import type { StartupHook } from '../../lib/startup.js';
import { startRefreshSchedule } from './refresh-schedule.js';
import {
  assertEmbeddingsMatch,
  ensureVectorIndex,
  olderOfflineEmbeddings,
} from './embedding-settings.js';

export const documentsStartup: StartupHook = {
  afterMigrations: async ({ db, config, logger }) => {
    await ensureVectorIndex(db, config.embeddings.dimensions);
    const older = await olderOfflineEmbeddings(db, config.embeddings);
    if (!older) return;
    logger.warn(
      { from: older, to: config.embeddings.model },
      'the offline embedding changed: re-embedding every chunk (no model or network needed)',
    );
    const { reembedAll } = await import('./reembed.js');
    await reembedAll(db, config.embeddings, logger);
  },
  check: ({ db, config }) => assertEmbeddingsMatch(db, config.embeddings),
  whileTakingJobs: (context) => startRefreshSchedule(context),
};
