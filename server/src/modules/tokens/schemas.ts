import { z } from 'zod';
import { SCOPES } from '../../access/actor.js';
import { id, idParams, line } from '../../lib/input.js';
import type { TokenRow } from './queries.js';

/** A moment as ISO 8601 with a time zone, within the years the database holds. */
const instant = z.iso
  .datetime({
    offset: true,
    error: 'expected a date and time as ISO 8601, e.g. 2026-12-31T23:59:59Z',
  })
  .refine((value) => {
    const year = new Date(value).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, 'expected a year from 0001 to 9999');

export const createTokenBody = z.strictObject({
  name: line.min(1, 'give the token a name').max(100),
  /** `read` alone cannot change anything; `write` includes `read`. Both by default. */
  scopes: z
    .array(z.enum(SCOPES))
    .min(1, 'give at least one scope: read, or read and write')
    .max(SCOPES.length)
    .optional(),
  /** Documents only through these collections (yours or shared with you). */
  collectionIds: z
    .array(id)
    .min(1, 'give at least one collection, or leave it out')
    .max(50)
    .optional(),
  /** Refused from then on (401), like a revoked token. */
  expiresAt: instant.optional(),
});
export type CreateToken = z.infer<typeof createTokenBody>;

export const tokenIdParams = idParams;

export const tokenResponse = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  /** null: every document its user may read. */
  collectionIds: z.array(z.string()).nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof tokenResponse>;

export function toTokenView(
  row: Pick<
    TokenRow,
    'id' | 'name' | 'prefix' | 'scopes' | 'collectionIds' | 'expiresAt' | 'createdAt' | 'lastUsedAt'
  >,
): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    collectionIds: row.collectionIds,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export const createdTokenResponse = tokenResponse.extend({
  /** Shown once, at creation: only its hash is stored. */
  token: z.string(),
});

export const tokenListResponse = z.object({ items: z.array(tokenResponse) });
