import { z } from 'zod';
import { SIGNUP_MODES, type SignupMode } from './modes.js';

const provider = z.enum(['offline', 'openai']);

/** A model users may pick for a conversation (POST /api/chat's `model`, the /v1 API's list). */
const offeredModel = z.object({
  id: z.string(),
  label: z.string(),
  provider,
  model: z.string().nullable(),
  /** Only the endpoint's origin: a base URL may carry credentials in its path or query. */
  endpoint: z.string().nullable(),
});

export const settingsResponse = z.object({
  version: z.string(),
  chat: z.object({
    /** The default model's provider, name and endpoint (as when only one could be offered). */
    provider,
    model: z.string().nullable(),
    endpoint: z.string().nullable(),
    /** The id of the model a conversation uses unless it picks another. */
    defaultModel: z.string(),
    /** Every model offered, the offline one last. */
    models: z.array(offeredModel),
    maxSteps: z.number(),
  }),
  embeddings: z.object({
    provider,
    model: z.string(),
    dimensions: z.number(),
    endpoint: z.string().nullable(),
  }),
  uploadMaxBytes: z.number(),
});
export type SettingsView = z.infer<typeof settingsResponse>;

const signupMode = z.enum(SIGNUP_MODES);

/** The settings an administrator changes while the server runs, and where each comes from. */
export const serverSettingsResponse = z.object({
  signupMode,
  /** `database`: chosen by an administrator; `environment`: ALLOW_SIGNUP's default. */
  signupModeSource: z.enum(['database', 'environment']),
});
export type ServerSettingsView = z.infer<typeof serverSettingsResponse>;

export const changeServerSettingsBody = z.strictObject({
  /** null goes back to the environment's default (ALLOW_SIGNUP). */
  signupMode: signupMode.nullable(),
});

export function toServerSettingsView(
  stored: SignupMode | null | undefined,
  signupDefault: SignupMode,
): ServerSettingsView {
  return stored
    ? { signupMode: stored, signupModeSource: 'database' }
    : { signupMode: signupDefault, signupModeSource: 'environment' };
}
