import type { EmbeddingsConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { createEmbedder } from '../../llm/embeddings.js';
import { selectPassages } from './queries.js';
import { toSearchResultView, type SearchQuery, type SearchResultView } from './schemas.js';

/** Where a search looks: only these documents of the user's (none: all of them). */
export interface SearchScope {
  documentIds: readonly string[];
}

/** The user's passages that best match the query, by meaning and by words. */
export async function searchDocuments(
  db: Db,
  embeddings: EmbeddingsConfig,
  userId: string,
  { q, limit }: SearchQuery,
  scope?: SearchScope,
): Promise<{ results: SearchResultView[] }> {
  const embedder = createEmbedder(embeddings);
  const [vector] = await embedder.embed([q]);
  const passages = await selectPassages(db, {
    userId,
    vector: vector!,
    dimensions: embedder.dimensions,
    query: q,
    limit,
    ...(scope ? { documentIds: scope.documentIds } : {}),
  });
  return { results: passages.map(toSearchResultView) };
}
