import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/tables.js';
import { apiTokens } from './tables.js';

export type TokenRow = typeof apiTokens.$inferSelect;

export async function insertToken(
  db: Db,
  values: typeof apiTokens.$inferInsert,
): Promise<TokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export const selectTokens = (db: Db, userId: string) =>
  db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));

export async function deleteToken(db: Db, userId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id });
  return deleted.length > 0;
}

/** Every account's tokens, with their owner's email: for the administrator's command line. */
export const selectAllTokens = (db: Db) =>
  db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      email: users.email,
      scopes: apiTokens.scopes,
      collectionIds: apiTokens.collectionIds,
      expiresAt: apiTokens.expiresAt,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(asc(users.email), desc(apiTokens.createdAt));

/** Whoever owns it: only the administrator's command line calls this. */
export async function deleteAnyToken(db: Db, id: string): Promise<boolean> {
  const deleted = await db
    .delete(apiTokens)
    .where(eq(apiTokens.id, id))
    .returning({ id: apiTokens.id });
  return deleted.length > 0;
}

export async function selectUserByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      scopes: apiTokens.scopes,
      collectionIds: apiTokens.collectionIds,
      expiresAt: apiTokens.expiresAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        // A disabled account's tokens stop working; they work again when it is enabled.
        isNull(users.disabledAt),
        // An expired token is refused like a revoked one (by the database's clock).
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    );
  return row;
}

/** Records use at most once a minute per token, to keep reads cheap. */
export async function updateTokenLastUsed(db: Db, id: string) {
  const aMinuteAgo = new Date(Date.now() - 60_000);
  await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiTokens.id, id),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, aMinuteAgo)),
      ),
    );
}
