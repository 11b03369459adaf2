// Re-embeds every stored chunk with the configured model, after EMBEDDINGS_* changed.
import { and, asc, eq, gt, ne, or, sql } from 'drizzle-orm';
import type { EmbeddingsConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { createEmbedder } from '../../llm/embeddings.js';
import type { Logger } from '../../lib/logger.js';
import { ensureVectorIndex, recordEmbeddings } from './embedding-settings.js';
import { documentChunks } from './tables.js';

const BATCH = 256;

export async function reembedAll(
  db: Db,
  config: EmbeddingsConfig,
  logger: Logger,
): Promise<number> {
  const embedder = createEmbedder(config);
  await ensureVectorIndex(db, embedder.dimensions);
  const stale = or(
    ne(documentChunks.embeddingModel, embedder.id),
    ne(documentChunks.dimensions, embedder.dimensions),
  );
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db
      .select({ id: documentChunks.id, text: documentChunks.text, heading: documentChunks.heading })
      .from(documentChunks)
      .where(and(stale, gt(documentChunks.id, after)))
      .orderBy(asc(documentChunks.id))
      .limit(BATCH);
    if (batch.length === 0) break;
    const vectors = await embedder.embed(
      batch.map((c) => (c.heading ? `${c.heading}\n${c.text}` : c.text)),
    );
    await db.transaction(async (tx) => {
      for (const [i, chunk] of batch.entries()) {
        await tx
          .update(documentChunks)
          .set({
            embedding: vectors[i]!,
            embeddingModel: embedder.id,
            dimensions: embedder.dimensions,
          })
          .where(eq(documentChunks.id, chunk.id));
      }
    });
    done += batch.length;
    after = batch.at(-1)!.id;
    logger.info({ reembedded: done }, 're-embedding chunks');
  }
  await recordEmbeddings(db, config);
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(documentChunks)
    .where(stale);
  logger.info(
    { reembedded: done, remaining: left?.n ?? 0, model: embedder.id },
    're-embedding finished',
  );
  return done;
}
