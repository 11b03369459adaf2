// Personal API tokens for scripts and MCP clients: shown once, stored as a SHA-256 hash,
// revoked by deleting them, which takes effect on the next request to this process and within
// VERIFIED_TOKEN_TTL_MS (5 s) on others sharing the database (verified.ts).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import type { SessionUser } from '../auth/service.js';
import {
  deleteAnyToken,
  deleteToken,
  insertToken,
  selectAllTokens,
  selectTokens,
  selectUserByTokenHash,
  updateTokenLastUsed,
} from './queries.js';
import { toTokenView } from './schemas.js';
import { VerifiedTokens } from './verified.js';

export const TOKEN_PREFIX = 'dkt_';

/** `lastUsedAt` is a hint for the user: written at most once a minute per token. */
const LAST_USED_PRECISION_MS = 60_000;

/** One cache per database, so that apps on different databases (tests) never share entries. */
const verifiedByDb = new WeakMap<Db, VerifiedTokens>();
function verifiedTokens(db: Db): VerifiedTokens {
  let verified = verifiedByDb.get(db);
  if (!verified) verifiedByDb.set(db, (verified = new VerifiedTokens()));
  return verified;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createToken(db: Db, userId: string, name: string) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await insertToken(db, {
    userId,
    name,
    tokenHash: hashToken(token),
    prefix: token.slice(0, 12),
  });
  return { ...toTokenView(row), token };
}

export async function listTokens(db: Db, userId: string) {
  return { items: (await selectTokens(db, userId)).map(toTokenView) };
}

export async function revokeToken(db: Db, userId: string, id: string) {
  if (!isUuid(id) || !(await deleteToken(db, userId, id))) throw notFound('token');
  verifiedTokens(db).forget(id);
}

/** Every account's tokens (the `docket tokens list` command). */
export async function listAllTokens(db: Db) {
  // The row first: its owner's email keeps its place among the columns the command prints.
  return (await selectAllTokens(db)).map((row) => ({ ...row, ...toTokenView(row) }));
}

/** Any account's token, by id (the `docket tokens revoke` command). */
export async function revokeAnyToken(db: Db, id: string) {
  if (!isUuid(id) || !(await deleteAnyToken(db, id))) throw notFound('token');
  verifiedTokens(db).forget(id);
}

/** Forgets the verified tokens of an account whose role or state changed (this process only). */
export function forgetTokensOf(db: Db, userId: string) {
  verifiedTokens(db).forgetUser(userId);
}

export async function userFromToken(db: Db, token: string): Promise<SessionUser | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const tokenHash = hashToken(token);
  const verified = verifiedTokens(db);
  const cached = verified.user(tokenHash);
  if (cached) return cached;
  const row = await selectUserByTokenHash(db, tokenHash);
  if (!row) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS)
    await updateTokenLastUsed(db, row.tokenId);
  const user = { id: row.id, email: row.email, name: row.name, role: row.role };
  verified.remember(tokenHash, row.tokenId, user);
  return user;
}
