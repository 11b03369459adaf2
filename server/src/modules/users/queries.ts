import { and, asc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Role } from '../auth/roles.js';
import { users } from '../auth/tables.js';
import { invites } from './tables.js';

const summary = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};

export const selectUsers = (db: Db) =>
  db.select(summary).from(users).orderBy(asc(users.createdAt), asc(users.id));

/** An account as administration reads it (no password, no sessions). */
export type UserRow = Awaited<ReturnType<typeof selectUsers>>[number];

export async function selectUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select(summary).from(users).where(eq(users.id, id));
  return row;
}

export async function selectUserByEmail(db: Db, email: string) {
  const [row] = await db.select(summary).from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

/**
 * The accounts `ids` and every enabled administrator, locked until the transaction ends, in
 * the order of their ids (so that two changes lock in the same order and never deadlock). A
 * change that waited for another one's lock reads its result: two transactions that each
 * remove an administrator cannot both count the other as staying.
 */
export async function selectUsersAndActiveAdminsForUpdate(db: Db, ids: string[]) {
  return db
    .select(summary)
    .from(users)
    .where(or(inArray(users.id, ids), and(eq(users.role, 'admin'), isNull(users.disabledAt))))
    .orderBy(asc(users.id))
    .for('update');
}

export async function updateUserRole(db: Db, id: string, role: Role) {
  await db.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, id));
}

export async function updateUserDisabledAt(db: Db, id: string, disabledAt: Date | null) {
  await db.update(users).set({ disabledAt, updatedAt: new Date() }).where(eq(users.id, id));
}

/** Its sessions, accounts, tokens and every row it owns go with it (foreign keys cascade). */
export async function deleteUser(db: Db, id: string) {
  await db.delete(users).where(eq(users.id, id));
}

export type InviteRow = typeof invites.$inferSelect;

/** A new invitation for the email, replacing any earlier one for it. */
export async function insertInvite(
  db: Db,
  values: Omit<typeof invites.$inferInsert, 'id' | 'createdAt'>,
): Promise<InviteRow> {
  const { role, tokenHash, createdBy, expiresAt } = values;
  const [row] = await db
    .insert(invites)
    .values(values)
    .onConflictDoUpdate({
      target: invites.email,
      set: { role, tokenHash, createdBy, expiresAt, createdAt: new Date() },
    })
    .returning();
  return row!;
}

export const selectInvites = (db: Db) =>
  db.select().from(invites).orderBy(asc(invites.createdAt), asc(invites.id));

/** The invitation a link's token names, while it has not expired. */
export async function selectValidInviteByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select()
    .from(invites)
    .where(and(eq(invites.tokenHash, tokenHash), gt(invites.expiresAt, new Date())));
  return row;
}

export async function deleteInvite(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(invites).where(eq(invites.id, id)).returning({ id: invites.id });
  return deleted.length > 0;
}

/** Uses the invitation up: the row, once, for the one account made with its email. */
export async function deleteInviteByTokenHash(db: Db, tokenHash: string, email: string) {
  const [row] = await db
    .delete(invites)
    .where(and(eq(invites.tokenHash, tokenHash), eq(invites.email, email.toLowerCase())))
    .returning();
  return row;
}
