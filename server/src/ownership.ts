// Every module's ownership hook (lib/ownership.ts), run when an account is deleted and its data
// goes to another account. A module that owns rows per user adds its hook here.
import type { Db } from './db/client.js';
import type { OwnershipHook } from './lib/ownership.js';
import { chatOwnership } from './modules/chat/ownership.js';
import { documentsOwnership } from './modules/documents/ownership.js';
import { tasksOwnership } from './modules/tasks/ownership.js';

const allOwnershipHooks: readonly OwnershipHook[] = [
  documentsOwnership,
  tasksOwnership,
  chatOwnership,
];

/** Gives everything `fromUserId` owns to `toUserId`; call it in the deleting transaction. */
export async function transferOwnership(
  db: Db,
  fromUserId: string,
  toUserId: string,
): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  for (const hook of allOwnershipHooks)
    moved[hook.name] = await hook.transfer(db, fromUserId, toUserId);
  return moved;
}
