import { z } from 'zod';

const provider = z.enum(['offline', 'openai']);

export const settingsResponse = z.object({
  version: z.string(),
  chat: z.object({
    provider,
    model: z.string().nullable(),
    /** Only the endpoint's origin: a base URL may carry credentials in its path or query. */
    endpoint: z.string().nullable(),
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
