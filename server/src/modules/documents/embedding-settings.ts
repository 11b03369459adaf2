// Chunks embedded by different models cannot be compared: the model and size in use are
// recorded, a different configuration is refused at start-up, and `reembed` switches over.
import { eq, sql } from 'drizzle-orm';
import type { EmbeddingsConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { embedderId } from '../../llm/embeddings.js';
import { documentChunks, embeddingSettings } from './tables.js';

export class EmbeddingMismatchError extends Error {}

/**
 * The HNSW graph's build parameters: pgvector's default m, and ef_construction 200 instead of
 * its 64, which took the offline embedding's recall@10 at 10k chunks from 0.92 to 0.95 for about
 * a quarter more time to build the index and to insert each chunk (docs/performance.md#search-recall).
 * A change needs a migration that drops the indexes built before it, as
 * 0009_vector_index_ef_construction does; the next ensureVectorIndex builds them again.
 */
export const VECTOR_INDEX_PARAMETERS = { m: 16, ef_construction: 200 };

/** Creates the vector index for this size of embedding (cosine distance, HNSW), if missing. */
export async function ensureVectorIndex(db: Db, dimensions: number) {
  const size = Math.trunc(dimensions);
  const { m, ef_construction } = VECTOR_INDEX_PARAMETERS;
  await db.execute(
    sql.raw(
      `CREATE INDEX IF NOT EXISTS document_chunks_embedding_${size}_idx ON document_chunks ` +
        `USING hnsw ((embedding::vector(${size})) vector_cosine_ops) ` +
        `WITH (m = ${m}, ef_construction = ${ef_construction}) WHERE dimensions = ${size}`,
    ),
  );
}

export async function recordedEmbeddings(db: Db) {
  const [row] = await db.select().from(embeddingSettings).where(eq(embeddingSettings.id, 1));
  return row;
}

export async function recordEmbeddings(db: Db, config: EmbeddingsConfig) {
  await db
    .insert(embeddingSettings)
    .values({ id: 1, embeddingModel: embedderId(config), dimensions: config.dimensions })
    .onConflictDoUpdate({
      target: embeddingSettings.id,
      set: {
        embeddingModel: embedderId(config),
        dimensions: config.dimensions,
        updatedAt: new Date(),
      },
    });
}

/**
 * The recorded model, when the stored chunks were embedded by an older version of the offline
 * embedding (of the same size) than the configured one: `migrate` then re-embeds them itself.
 */
export async function olderOfflineEmbeddings(db: Db, config: EmbeddingsConfig) {
  if (config.provider !== 'offline') return undefined;
  const recorded = await recordedEmbeddings(db);
  const older =
    recorded !== undefined &&
    recorded.embeddingModel.startsWith('offline:') &&
    recorded.embeddingModel !== embedderId(config) &&
    recorded.dimensions === config.dimensions;
  return older ? recorded.embeddingModel : undefined;
}

/** Throws when stored chunks use another model or size than the configuration. */
export async function assertEmbeddingsMatch(db: Db, config: EmbeddingsConfig) {
  // Before the first migration there is nothing to compare; readiness reports the schema.
  const exists = await db.execute<{ present: boolean }>(
    sql`select to_regclass('embedding_settings') is not null as present`,
  );
  if (!exists.rows[0]?.present) return;
  const recorded = await recordedEmbeddings(db);
  if (!recorded) return;
  if (recorded.embeddingModel === embedderId(config) && recorded.dimensions === config.dimensions)
    return;
  const [any] = await db.select({ id: documentChunks.id }).from(documentChunks).limit(1);
  if (!any) return;
  if (await olderOfflineEmbeddings(db, config))
    throw new EmbeddingMismatchError(
      `EMBEDDINGS_*: the stored document chunks were embedded with ${recorded.embeddingModel}, an ` +
        `older version of the offline embedding than this one (${embedderId(config)}). The ` +
        '`migrate` role re-embeds them, with no model or network: run it first (`docker compose up` ' +
        'does; `docker compose run --rm migrate`; `npm start` and `npm run migrate` do it embedded).',
    );
  throw new EmbeddingMismatchError(
    `EMBEDDINGS_*: the stored document chunks were embedded with ${recorded.embeddingModel} ` +
      `(${recorded.dimensions} dimensions), but the configuration says ${embedderId(config)} ` +
      `(${config.dimensions} dimensions). Mixing them would break search. Either set the embedding ` +
      'variables back, or stop the workers and re-embed every document: `npm run reembed` ' +
      '(in containers: `docker compose run --rm migrate reembed`).',
  );
}
