// The chat model from the configuration: any OpenAI-compatible endpoint (OpenAI, OpenRouter,
// Ollama, vLLM…) through the AI SDK. Offline mode has no model at all.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ChatModelConfig } from '../config.js';

export function createChatModel(config: ChatModelConfig): LanguageModel {
  const provider = createOpenAICompatible({
    name: 'chat',
    baseURL: config.baseUrl,
    apiKey: config.apiKey,
    // Token usage in the final streamed chunk, where the endpoint supports it.
    includeUsage: true,
  });
  return provider.chatModel(config.model);
}
