import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/tables.js';

export type Role = 'admin' | 'user';

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

/** An account as the administration commands read it (no password, no sessions). */
export type UserRow = Awaited<ReturnType<typeof selectUsers>>[number];

export async function selectUserByEmail(db: Db, email: string) {
  const [row] = await db.select(summary).from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function selectUserRole(db: Db, id: string): Promise<string | undefined> {
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, id));
  return row?.role;
}

export async function updateUserRole(db: Db, id: string, role: Role) {
  await db.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, id));
}

export async function updateUserDisabledAt(db: Db, id: string, disabledAt: Date | null) {
  await db.update(users).set({ disabledAt, updatedAt: new Date() }).where(eq(users.id, id));
}
