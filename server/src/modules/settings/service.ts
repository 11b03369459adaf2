// What this server is configured to use, for the settings page (never a key, never a path),
// and the settings an administrator changes while it runs (the sign-up mode).
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { VERSION } from '../../lib/version.js';
import { offeredModels } from '../chat/models.js';
import type { SignupMode } from './modes.js';
import { selectServerSettings, updateSignupMode } from './queries.js';
import { toServerSettingsView, type SettingsView } from './schemas.js';

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

/** The sign-up mode now: an administrator's choice, or the environment's default. */
export async function getServerSettings(db: Db, config: Pick<Config, 'signupDefault'>) {
  const row = await selectServerSettings(db);
  return toServerSettingsView(row?.signupMode, config.signupDefault);
}

export async function changeServerSettings(
  db: Db,
  config: Pick<Config, 'signupDefault'>,
  userId: string,
  { signupMode }: { signupMode: SignupMode | null },
) {
  await updateSignupMode(db, signupMode, userId);
  return getServerSettings(db, config);
}
