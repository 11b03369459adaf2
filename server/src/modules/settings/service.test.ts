import { describe, expect, it } from 'vitest';
import { describeSettings } from './service.js';

const limits = { maxSteps: 5, timeoutMs: 60_000, rateLimitPerMinute: 20 };
const embeddings = {
  provider: 'openai' as const,
  baseUrl: 'http://ollama.internal:11434/v1',
  model: 'nomic-embed-text',
  dimensions: 768,
  apiKey: 'sk-other',
};

describe('describeSettings', () => {
  it('shows each model’s name and origin, never its key, credentials, path or query', () => {
    const settings = describeSettings({
      chat: {
        models: [
          {
            id: 'llama',
            label: 'Llama 3.1',
            baseUrl: 'https://user:pass@llm.example.com/v1?key=abc',
            model: 'llama-3.1-8b',
            apiKey: 'sk-secret',
          },
          {
            id: 'local',
            label: 'Local',
            baseUrl: 'http://gpu-box:8000/v1',
            model: 'qwen',
            apiKey: undefined,
          },
        ],
        defaultModel: 'llama',
        ...limits,
      },
      embeddings,
      uploadMaxBytes: 1000,
    });
    expect(settings.chat).toEqual({
      provider: 'openai',
      model: 'llama-3.1-8b',
      endpoint: 'https://llm.example.com',
      defaultModel: 'llama',
      models: [
        {
          id: 'llama',
          label: 'Llama 3.1',
          provider: 'openai',
          model: 'llama-3.1-8b',
          endpoint: 'https://llm.example.com',
        },
        {
          id: 'local',
          label: 'Local',
          provider: 'openai',
          model: 'qwen',
          endpoint: 'http://gpu-box:8000',
        },
        expect.objectContaining({ id: 'offline', provider: 'offline', model: null }),
      ],
      maxSteps: 5,
    });
    expect(settings.embeddings.endpoint).toBe('http://ollama.internal:11434');
    expect(JSON.stringify(settings)).not.toMatch(/sk-|pass|abc/);
  });

  it('offers the offline model alone, as the default, when none is configured', () => {
    const settings = describeSettings({
      chat: { models: [], defaultModel: 'offline', ...limits },
      embeddings,
      uploadMaxBytes: 1000,
    });
    expect(settings.chat).toMatchObject({
      provider: 'offline',
      model: null,
      endpoint: null,
      defaultModel: 'offline',
      models: [{ id: 'offline', provider: 'offline' }],
    });
  });
});
