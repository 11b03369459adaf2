import type { EmbeddingsConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { createEmbedder } from '../../llm/embeddings.js';
import { hybridSearch } from './queries.js';
import type { SearchQuery, SearchResult } from './schemas.js';

/** The user's passages that best match the query, by meaning and by words. */
export async function searchDocuments(
  db: Db,
  embeddings: EmbeddingsConfig,
  userId: string,
  { q, limit }: SearchQuery,
): Promise<{ results: SearchResult[] }> {
  const embedder = createEmbedder(embeddings);
  const [vector] = await embedder.embed([q]);
  const hits = await hybridSearch(db, {
    userId,
    vector: vector!,
    dimensions: embedder.dimensions,
    query: q,
    limit,
  });
  return {
    results: hits.map(({ page, heading, ...hit }) => ({
      ...hit,
      ...(page === null ? {} : { page }),
      ...(heading === null ? {} : { heading }),
    })),
  };
}
