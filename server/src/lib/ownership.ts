// A module's part in deleting an account whose data goes to another account: it gives every
// row the account owns to the other one, inside the transaction that deletes the account.
// Listed once in src/ownership.ts, as start-up hooks are in src/startup.ts, so that the users
// module never knows which modules own data. Deleting the data needs no hook: every owned row
// references the account with ON DELETE CASCADE.
import type { Db } from '../db/client.js';

export interface OwnershipHook {
  /** What it moves, as the API names it: `documents`, `tasks`, `conversations`. */
  name: string;
  /** Gives `fromUserId`'s rows to `toUserId`; how many things moved. */
  transfer(db: Db, fromUserId: string, toUserId: string): Promise<number>;
}
