import { z } from 'zod';
import { idParams, line } from '../../lib/input.js';

export const createTokenBody = z.strictObject({
  name: line.min(1, 'give the token a name').max(100),
});

export const tokenIdParams = idParams;

export const tokenResponse = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export const createdTokenResponse = tokenResponse.extend({
  /** Shown once, at creation: only its hash is stored. */
  token: z.string(),
});

export const tokenListResponse = z.object({ items: z.array(tokenResponse) });
