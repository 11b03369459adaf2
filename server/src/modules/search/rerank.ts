// Reranking: the fused passages of a search reordered by a reranking model behind a `/rerank`
// endpoint. Two wire formats: Cohere's (`{model, query, documents, top_n}` answered by
// `{results: [{index, relevance_score}]}`), which Jina, vLLM, llama.cpp and LocalAI speak too,
// and Text Embeddings Inference's (`{query, texts}` answered by `[{index, score}]`). One POST,
// its answer checked by zod; the caller keeps the fused order when it fails (service.ts).
import { z } from 'zod';
import type { RerankConfig } from '../../config.js';

export type Reranker = Exclude<RerankConfig, { provider: 'off' }>;

const cohereAnswer = z.object({
  results: z.array(z.object({ index: z.number().int().min(0), relevance_score: z.number() })),
});
const teiAnswer = z.array(z.object({ index: z.number().int().min(0), score: z.number() }));

/** The request a provider expects. */
function requestBody(reranker: Reranker, query: string, texts: string[]) {
  if (reranker.provider === 'tei') return { query, texts, truncate: true };
  return { model: reranker.model, query, documents: texts, top_n: texts.length };
}

/** Each text's relevance, in the answer's order (best first): its index and score. */
function relevances(reranker: Reranker, answer: unknown) {
  if (reranker.provider === 'tei') return teiAnswer.parse(answer);
  return cohereAnswer
    .parse(answer)
    .results.map((r) => ({ index: r.index, score: r.relevance_score }));
}

export class RerankError extends Error {
  override name = 'RerankError';
}

/**
 * The texts' indexes from the most relevant to the question down, with their scores; throws
 * RerankError when the endpoint fails, answers late or answers something else.
 */
export async function rerank(
  reranker: Reranker,
  query: string,
  texts: string[],
): Promise<{ index: number; score: number }[]> {
  let response: Response;
  try {
    response = await fetch(`${reranker.baseUrl}/rerank`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(reranker.apiKey ? { authorization: `Bearer ${reranker.apiKey}` } : {}),
      },
      body: JSON.stringify(requestBody(reranker, query, texts)),
      signal: AbortSignal.timeout(reranker.timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new RerankError(
      timedOut
        ? `no answer within ${reranker.timeoutMs} ms (RERANK_TIMEOUT_MS)`
        : `could not reach ${reranker.baseUrl} (${(error as Error).message})`,
    );
  }
  if (!response.ok) throw new RerankError(`the endpoint answered ${response.status}`);
  const answer: unknown = await response.json().catch(() => undefined);
  let ranked: { index: number; score: number }[];
  try {
    ranked = relevances(reranker, answer);
  } catch {
    throw new RerankError('the endpoint answered something that is not a rerank result');
  }
  // Each text once, and only the texts that were sent.
  const seen = new Set<number>();
  return ranked
    .filter(({ index }) => index < texts.length && !seen.has(index) && Boolean(seen.add(index)))
    .sort((a, b) => b.score - a.score);
}
