import type { Actor } from '../../access/actor.js';
import { requireVisibleCollections } from '../../access/collections.js';
import { readableChunks } from '../../access/documents.js';
import type { EmbeddingsConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { createEmbedder } from '../../llm/embeddings.js';
import { selectPassages } from './queries.js';
import { toSearchResultView, type SearchQuery, type SearchResultView } from './schemas.js';

/**
 * The passages that best match the query, by meaning and by words, among the documents the
 * actor may read (their own and those shared with them), or one collection's.
 */
export async function searchDocuments(
  db: Db,
  embeddings: EmbeddingsConfig,
  actor: Actor,
  { q, limit, collectionId }: SearchQuery,
): Promise<{ results: SearchResultView[] }> {
  if (collectionId) await requireVisibleCollections(db, actor, [collectionId]);
  const embedder = createEmbedder(embeddings);
  const [vector] = await embedder.embed([q]);
  const passages = await selectPassages(db, {
    readable: readableChunks(actor, collectionId),
    vector: vector!,
    dimensions: embedder.dimensions,
    query: q,
    limit,
  });
  return { results: passages.map(toSearchResultView) };
}
