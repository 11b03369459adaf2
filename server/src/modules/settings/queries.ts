import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { SignupMode } from './modes.js';
import { serverSettings } from './tables.js';

export async function selectServerSettings(db: Db) {
  const [row] = await db.select().from(serverSettings).where(eq(serverSettings.id, 1));
  return row;
}

/** Writes the one row, creating it the first time. */
export async function updateSignupMode(db: Db, signupMode: SignupMode | null, updatedBy: string) {
  const values = { signupMode, updatedBy, updatedAt: new Date() };
  await db
    .insert(serverSettings)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: serverSettings.id, set: values });
}
