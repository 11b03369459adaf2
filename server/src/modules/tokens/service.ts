// Personal API tokens for scripts and MCP clients: shown once, stored as a SHA-256 hash,
// revoked by deleting them, which takes effect on the next request to this process and within
// VERIFIED_TOKEN_TTL_MS (5 s) on others sharing the database (verified.ts).
import { createHash, randomBytes } from 'node:crypto';
import { hasScope, SCOPES, type Actor } from '../../access/actor.js';
import { requireVisibleCollections } from '../../access/collections.js';
import { ownerFor } from '../../access/owned.js';
import type { Db } from '../../db/client.js';
import { invalidInput, notFound } from '../../lib/errors.js';
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
import { toTokenView, type CreateToken } from './schemas.js';
import { VerifiedTokens, type TokenHolder } from './verified.js';

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

const earlier = (a: Date | undefined, b: Date | undefined) => (a && b ? (a < b ? a : b) : (a ?? b));

/**
 * What a new token may do: what was asked (both scopes by default; `write` includes `read`),
 * never more than the actor's own credential, so that a token made with a token neither outranks
 * nor outlives it (it gets the same collections and at most the same expiry).
 */
async function grantFor(db: Db, actor: Actor, input: CreateToken) {
  const asked = input.scopes ?? SCOPES;
  const scopes = SCOPES.filter((scope) => asked.includes('write') || asked.includes(scope));
  const expiresAt = earlier(
    input.expiresAt ? new Date(input.expiresAt) : undefined,
    actor.expiresAt,
  );
  if (input.expiresAt && new Date(input.expiresAt) <= new Date())
    throw invalidInput('expiresAt', 'the expiry must be in the future');
  const collectionIds = input.collectionIds
    ? [...new Set(input.collectionIds)]
    : actor.collectionIds;
  // Collections the actor does not see (or, for a limited token, outside its own) are not found.
  if (input.collectionIds) await requireVisibleCollections(db, actor, collectionIds!);
  return {
    scopes: scopes.filter((scope) => hasScope(actor, scope)),
    collectionIds: collectionIds ? [...collectionIds] : null,
    expiresAt: expiresAt ?? null,
  };
}

export async function createToken(db: Db, actor: Actor, input: CreateToken) {
  const userId = ownerFor(actor, 'write');
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await insertToken(db, {
    userId,
    name: input.name,
    tokenHash: hashToken(token),
    prefix: token.slice(0, 12),
    ...(await grantFor(db, actor, input)),
  });
  return { ...toTokenView(row), token };
}

export async function listTokens(db: Db, actor: Actor) {
  return { items: (await selectTokens(db, ownerFor(actor, 'read'))).map(toTokenView) };
}

export async function revokeToken(db: Db, actor: Actor, id: string) {
  if (!isUuid(id) || !(await deleteToken(db, ownerFor(actor, 'write'), id)))
    throw notFound('token');
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

/** The token's user and what the token lets them do; undefined for an unknown, expired or
 * revoked token, and for a disabled account's. */
export async function holderOfToken(db: Db, token: string): Promise<TokenHolder | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const tokenHash = hashToken(token);
  const verified = verifiedTokens(db);
  const cached = verified.holder(tokenHash);
  if (cached) return cached;
  const row = await selectUserByTokenHash(db, tokenHash);
  if (!row) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS)
    await updateTokenLastUsed(db, row.tokenId);
  const user: SessionUser = { id: row.id, email: row.email, name: row.name, role: row.role };
  const actor: Actor = {
    userId: row.id,
    scopes: row.scopes,
    ...(row.collectionIds ? { collectionIds: row.collectionIds } : {}),
    ...(row.expiresAt ? { expiresAt: row.expiresAt } : {}),
  };
  const holder = { user, actor };
  verified.remember(tokenHash, row.tokenId, holder);
  return holder;
}
