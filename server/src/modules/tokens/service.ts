// Personal API tokens for scripts and MCP clients: shown once, stored as a SHA-256 hash,
// revoked by deleting them, which takes effect on the next request.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import type { SessionUser } from '../auth/service.js';
import {
  deleteToken,
  insertToken,
  selectTokens,
  selectUserByTokenHash,
  touchToken,
  type TokenRow,
} from './queries.js';

export const TOKEN_PREFIX = 'dkt_';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const toPublic = (row: TokenRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

export async function createToken(db: Db, userId: string, name: string) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await insertToken(db, {
    userId,
    name,
    tokenHash: hashToken(token),
    prefix: token.slice(0, 12),
  });
  return { ...toPublic(row), token };
}

export async function listTokens(db: Db, userId: string) {
  return { items: (await selectTokens(db, userId)).map(toPublic) };
}

export async function revokeToken(db: Db, userId: string, id: string) {
  if (!isUuid(id) || !(await deleteToken(db, userId, id))) throw notFound('token');
}

export async function userFromToken(db: Db, token: string): Promise<SessionUser | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await selectUserByTokenHash(db, hashToken(token));
  if (!row) return undefined;
  await touchToken(db, row.tokenId);
  return { id: row.id, email: row.email, name: row.name };
}
