import { z } from 'zod';
import { idParams, line } from '../../lib/input.js';
import type { TokenRow } from './queries.js';

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
export type TokenView = z.infer<typeof tokenResponse>;

export function toTokenView(
  row: Pick<TokenRow, 'id' | 'name' | 'prefix' | 'createdAt' | 'lastUsedAt'>,
): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export const createdTokenResponse = tokenResponse.extend({
  /** Shown once, at creation: only its hash is stored. */
  token: z.string(),
});

export const tokenListResponse = z.object({ items: z.array(tokenResponse) });
