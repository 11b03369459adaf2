// Reads and writes of the accounts that Better Auth does not do for us.
import { and, asc, count, eq, isNull, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from './tables.js';

/**
 * Makes the oldest account an admin while no account is one. Concurrent first sign-ups all
 * name the same oldest row, so exactly one account becomes the admin.
 */
export async function updateFirstUserToAdmin(db: Db) {
  const oldest = db
    .select({ id: users.id })
    .from(users)
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  const anAdmin = db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'));
  await db
    .update(users)
    .set({ role: 'admin' })
    .where(and(eq(users.id, sql`(${oldest})`), notExists(anAdmin)));
}

/** False for a disabled account, and for one that does not exist. */
export async function selectUserEnabled(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  return row !== undefined;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}
