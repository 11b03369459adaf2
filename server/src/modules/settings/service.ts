// What this server is configured to use, for the settings page: never a key, never a path.
import type { Config } from '../../config.js';
import { VERSION } from '../../lib/version.js';
import type { SettingsView } from './schemas.js';

const originOf = (baseUrl: string) => new URL(baseUrl).origin;

export function describeSettings(config: Pick<Config, 'chat' | 'embeddings' | 'uploadMaxBytes'>) {
  const { chat, embeddings } = config;
  return {
    version: VERSION,
    chat: {
      provider: chat.provider,
      model: chat.provider === 'openai' ? chat.model : null,
      endpoint: chat.provider === 'openai' ? originOf(chat.baseUrl) : null,
      maxSteps: chat.maxSteps,
    },
    embeddings: {
      provider: embeddings.provider,
      model: embeddings.model,
      dimensions: embeddings.dimensions,
      endpoint: embeddings.provider === 'openai' ? originOf(embeddings.baseUrl) : null,
    },
    uploadMaxBytes: config.uploadMaxBytes,
  } satisfies SettingsView;
}
