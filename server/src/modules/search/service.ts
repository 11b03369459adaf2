import type { Actor } from '../../access/actor.js';
import { requireVisibleCollections } from '../../access/collections.js';
import { readableChunks } from '../../access/documents.js';
import type { EmbeddingsConfig, RerankConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { createEmbedder } from '../../llm/embeddings.js';
import { selectPassages, type PassageRow } from './queries.js';
import { rerank, type Reranker } from './rerank.js';
import { toSearchResultView, type SearchQuery, type SearchResultView } from './schemas.js';

/** What a search needs besides the database: the embeddings, the reranker, where to warn. */
export interface SearchSettings {
  embeddings: EmbeddingsConfig;
  rerank: RerankConfig;
  logger: { warn(details: object, message: string): void };
}

/**
 * The fused passages reordered by the reranker, each with its relevance, the first `limit`;
 * passages it did not score follow in fused order. If it fails, the fused order, with a warning:
 * search answers without it rather than failing.
 */
async function reranked(
  reranker: Reranker,
  settings: SearchSettings,
  query: string,
  passages: PassageRow[],
  limit: number,
): Promise<(PassageRow & { relevance?: number })[]> {
  try {
    const order = await rerank(
      reranker,
      query,
      passages.map((p) => (p.heading ? `${p.heading}\n${p.text}` : p.text)),
    );
    const scored = order.map(({ index, score }) => ({ ...passages[index]!, relevance: score }));
    const rest = passages.filter((_, i) => !order.some((o) => o.index === i));
    return [...scored, ...rest].slice(0, limit);
  } catch (error) {
    settings.logger.warn(
      { err: error, reranker: reranker.baseUrl },
      'reranking failed: search results keep the fused order',
    );
    return passages.slice(0, limit);
  }
}

/** Where a search looks: only these documents (none: all the actor may read). */
export interface SearchScope {
  documentIds: readonly string[];
}

/**
 * The passages that best match the query, by meaning and by words (then the reranker's), among
 * the documents the actor may read (their own and those shared with them), or one collection's,
 * or the scope's (a chat question's attachments).
 */
export async function searchDocuments(
  db: Db,
  settings: SearchSettings,
  actor: Actor,
  { q, limit, collectionId }: SearchQuery,
  scope?: SearchScope,
): Promise<{ results: SearchResultView[] }> {
  if (collectionId) await requireVisibleCollections(db, actor, [collectionId]);
  const embedder = createEmbedder(settings.embeddings);
  const [vector] = await embedder.embed([q]);
  const reranker = settings.rerank.provider === 'off' ? undefined : settings.rerank;
  const passages = await selectPassages(db, {
    readable: readableChunks(actor, collectionId),
    vector: vector!,
    dimensions: embedder.dimensions,
    query: q,
    limit: reranker ? Math.max(limit, reranker.candidates) : limit,
    ...(scope ? { documentIds: scope.documentIds } : {}),
  });
  const results = reranker ? await reranked(reranker, settings, q, passages, limit) : passages;
  return { results: results.map(toSearchResultView) };
}
