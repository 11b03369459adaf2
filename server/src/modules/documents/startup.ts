// The documents module at start-up: the vector index for the configured embedding size, and
// the refusal of a model or size other than the stored chunks' (embedding-settings.ts).
import type { StartupHook } from '../../lib/startup.js';
import { assertEmbeddingsMatch, ensureVectorIndex } from './embedding-settings.js';

export const documentsStartup: StartupHook = {
  afterMigrations: ({ db, config }) => ensureVectorIndex(db, config.embeddings.dimensions),
  check: ({ db, config }) => assertEmbeddingsMatch(db, config.embeddings),
};
