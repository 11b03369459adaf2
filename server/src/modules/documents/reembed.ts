// Re-embeds every stored chunk with the configured model, after EMBEDDINGS_* changed.
import type { EmbeddingsConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { createEmbedder } from '../../llm/embeddings.js';
import type { Logger } from '../../lib/logger.js';
import { ensureVectorIndex, recordEmbeddings } from './embedding-settings.js';
import { embeddingInput } from './prepare.js';
import { countStaleChunks, selectStaleChunks, updateChunkEmbeddings } from './queries.js';

const BATCH = 256;

export async function reembedAll(
  db: Db,
  config: EmbeddingsConfig,
  logger: Logger,
): Promise<number> {
  const embedder = createEmbedder(config);
  await ensureVectorIndex(db, embedder.dimensions);
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await selectStaleChunks(db, embedder, after, BATCH);
    if (batch.length === 0) break;
    const vectors = await embedder.embed(batch.map(embeddingInput));
    await updateChunkEmbeddings(
      db,
      embedder,
      batch.map((chunk, i) => ({ id: chunk.id, embedding: vectors[i]! })),
    );
    done += batch.length;
    after = batch.at(-1)!.id;
    logger.info({ reembedded: done }, 're-embedding chunks');
  }
  await recordEmbeddings(db, config);
  logger.info(
    { reembedded: done, remaining: await countStaleChunks(db, embedder), model: embedder.id },
    're-embedding finished',
  );
  return done;
}
