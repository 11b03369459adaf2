// What this server is configured to use, for the settings page: never a key, never a path.
import type { Config } from '../../config.js';
import { VERSION } from '../../lib/version.js';
import { offeredModels } from '../chat/models.js';
import type { SettingsView } from './schemas.js';

const originOf = (baseUrl: string) => new URL(baseUrl).origin;

export function describeSettings(config: Pick<Config, 'chat' | 'embeddings' | 'uploadMaxBytes'>) {
  const { chat, embeddings } = config;
  const models = offeredModels(chat);
  const byDefault = models.find((m) => m.id === chat.defaultModel)!;
  return {
    version: VERSION,
    chat: {
      // The default model's, as before several models could be offered.
      provider: byDefault.provider,
      model: byDefault.model,
      endpoint: byDefault.endpoint,
      defaultModel: chat.defaultModel,
      models,
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
