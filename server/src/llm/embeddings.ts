// Embeddings from the configuration: the offline hashing embedding (default), or any
// OpenAI-compatible endpoint (OpenAI, OpenRouter, Ollama, vLLM) through the AI SDK, which is
// loaded by the first embedding asked of such an endpoint (offline servers never load it).
import type { EmbeddingsConfig } from '../config.js';
import { hashEmbedding } from './hash-embedding.js';

export interface Embedder {
  /** Stored with every chunk: provider and model, so a change is detected. */
  id: string;
  dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}

export const embedderId = (config: EmbeddingsConfig) => `${config.provider}:${config.model}`;

export function createEmbedder(config: EmbeddingsConfig): Embedder {
  const id = embedderId(config);
  if (config.provider === 'offline') {
    return {
      id,
      dimensions: config.dimensions,
      embed: async (texts) => texts.map((t) => hashEmbedding(t, config.dimensions)),
    };
  }
  const loadModel = async () => {
    const [{ createOpenAICompatible }, { embedMany }] = await Promise.all([
      import('@ai-sdk/openai-compatible'),
      import('ai'),
    ]);
    const provider = createOpenAICompatible({
      name: 'embeddings',
      baseURL: config.baseUrl,
      apiKey: config.apiKey,
    });
    return { embedMany, model: provider.textEmbeddingModel(config.model) };
  };
  let loaded: ReturnType<typeof loadModel> | undefined;
  return {
    id,
    dimensions: config.dimensions,
    async embed(texts) {
      const { embedMany, model } = await (loaded ??= loadModel());
      const { embeddings } = await embedMany({
        model,
        values: texts,
        maxRetries: 2,
        providerOptions: { embeddings: { dimensions: config.dimensions } },
      });
      const wrong = embeddings.find((e) => e.length !== config.dimensions);
      if (wrong)
        throw new Error(
          `the embedding model returned ${wrong.length} dimensions, EMBEDDINGS_DIMENSIONS says ${config.dimensions}`,
        );
      return embeddings;
    },
  };
}
