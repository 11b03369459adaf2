import { describe, expect, it } from 'vitest';
import { describeSettings } from './service.js';

describe('describeSettings', () => {
  it('shows a provider’s model and origin, never its key, credentials, path or query', () => {
    const limits = { maxSteps: 5, timeoutMs: 60_000, rateLimitPerMinute: 20 };
    const settings = describeSettings({
      chat: {
        provider: 'openai',
        baseUrl: 'https://user:pass@llm.example.com/v1?key=abc',
        model: 'llama-3.1-8b',
        apiKey: 'sk-secret',
        ...limits,
      },
      embeddings: {
        provider: 'openai',
        baseUrl: 'http://ollama.internal:11434/v1',
        model: 'nomic-embed-text',
        dimensions: 768,
        apiKey: 'sk-other',
      },
      uploadMaxBytes: 1000,
    });
    expect(settings.chat).toEqual({
      provider: 'openai',
      model: 'llama-3.1-8b',
      endpoint: 'https://llm.example.com',
      maxSteps: 5,
    });
    expect(settings.embeddings.endpoint).toBe('http://ollama.internal:11434');
    expect(JSON.stringify(settings)).not.toMatch(/sk-|pass|abc/);
  });
});
