// Administering accounts, for the Users API and the `docket users` commands alike: list,
// create, change a role, disable and enable, reset a password, delete (the data deleted with
// the account or given to another one). The last enabled administrator can be none of
// removed, demoted or disabled. Passwords and sessions go through Better Auth, as sign-up does.
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import { transferOwnership } from '../../ownership.js';
import type { Role } from '../auth/roles.js';
import type { Auth } from '../auth/service.js';
import { forgetTokensOf } from '../tokens/service.js';
import {
  deleteUser,
  selectUser,
  selectUserByEmail,
  selectUsers,
  selectUsersAndActiveAdminsForUpdate,
  updateUserDisabledAt,
  updateUserRole,
  type UserRow,
} from './queries.js';
import { toUserView, type UserChanges, type UserView } from './schemas.js';

/** An administration request that cannot be done; the API answers its status, the CLI its message. */
export class AccountError extends AppError {
  constructor(message: string, statusCode = 400, code = 'ACCOUNT_ERROR') {
    super(statusCode, code, message);
  }
}

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await selectUsers(db)).map(toUserView);
}

async function userById(db: Db, id: string): Promise<UserRow> {
  const user = await selectUser(db, id);
  if (!user) throw notFound('account');
  return user;
}

/** The account with that email; the commands name accounts this way. */
export async function userByEmail(db: Db, email: string): Promise<UserRow> {
  const user = await selectUserByEmail(db, email);
  if (!user) throw new AccountError(`no account with the email ${email}`, 404, 'NOT_FOUND');
  return user;
}

/** Better Auth's refusals (a short password, a taken email) as our error, with its message. */
async function asAccountError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const body = (error as { body?: { message?: unknown } }).body;
    if (typeof body?.message === 'string') throw new AccountError(body.message);
    throw error;
  }
}

export interface NewAccount {
  email: string;
  name: string;
  password: string;
  role: Role;
}

/** Creates an account as sign-up does (the same checks), without signing anyone in. */
export async function createUser(auth: Auth, db: Db, account: NewAccount): Promise<UserView> {
  const { token } = await asAccountError(
    auth.api.signUpEmail({
      body: { email: account.email, name: account.name, password: account.password },
    }),
  );
  const context = await auth.$context;
  if (token) await context.internalAdapter.deleteSession(token);
  const user = await userByEmail(db, account.email);
  if (account.role === 'admin') await updateUserRole(db, user.id, 'admin');
  return toUserView(await userById(db, user.id));
}

/** Sets a new password and ends the account's sessions. */
export async function resetPassword(auth: Auth, db: Db, email: string, password: string) {
  const user = await userByEmail(db, email);
  const context = await auth.$context;
  const { minPasswordLength, maxPasswordLength } = context.password.config;
  if (password.length < minPasswordLength || password.length > maxPasswordLength)
    throw new AccountError(
      `a password has ${minPasswordLength} to ${maxPasswordLength} characters`,
    );
  const hasPassword = (await context.internalAdapter.findAccounts(user.id)).some(
    (a) => a.providerId === 'credential',
  );
  if (!hasPassword) throw new AccountError(`${email} does not sign in with a password`);
  await context.internalAdapter.updatePassword(user.id, await context.password.hash(password));
  await context.internalAdapter.deleteUserSessions(user.id);
}

const isActiveAdmin = (user: UserRow) => user.role === 'admin' && user.disabledAt === null;

/**
 * Locks the account (and `others`, if any) with every enabled administrator for a change
 * that may remove an administrator; call it first in the change's transaction.
 */
async function lockForChange(tx: Db, id: string, others: string[] = []) {
  const rows = await selectUsersAndActiveAdminsForUpdate(tx, [id, ...others]);
  const user = rows.find((row) => row.id === id);
  if (!user) throw notFound('account');
  const otherAdmins = rows.filter((row) => row.id !== id && isActiveAdmin(row));
  return { user, rows, otherAdmins };
}

/** Refuses a change that would leave no enabled administrator. */
function assertAnotherAdmin(user: UserRow, otherAdmins: UserRow[]) {
  if (!isActiveAdmin(user) || otherAdmins.length > 0) return;
  throw new AccountError(
    `${user.email} is the last administrator of this server: make another account an administrator first`,
    409,
    'LAST_ADMIN',
  );
}

/** Applies the changes in one transaction, refusing to leave no enabled administrator. */
async function updateUser(db: Db, id: string, { role, disabled }: UserChanges) {
  await db.transaction(async (tx) => {
    const { user, otherAdmins } = await lockForChange(tx, id);
    if (role === 'user' || disabled === true) assertAnotherAdmin(user, otherAdmins);
    if (role && role !== user.role) await updateUserRole(tx, id, role);
    if (disabled !== undefined && disabled !== (user.disabledAt !== null))
      await updateUserDisabledAt(tx, id, disabled ? new Date() : null);
  });
  forgetTokensOf(db, id);
}

/**
 * Changes an account's role and whether it is disabled. A disabled account cannot sign in and
 * its sessions end at once; in this process its API tokens stop at once too, and in the others
 * within the verified-token cache's seconds (a role change too).
 */
export async function changeUser(
  auth: Auth,
  db: Db,
  id: string,
  changes: UserChanges,
): Promise<UserView> {
  await updateUser(db, id, changes);
  if (changes.disabled) await (await auth.$context).internalAdapter.deleteUserSessions(id);
  return toUserView(await userById(db, id));
}

/**
 * The role an OpenID provider's groups give, at a single sign-on (OIDC_ADMIN_GROUP). False
 * when it would demote the last administrator, who stays one.
 */
export async function setRoleFromProvider(db: Db, id: string, role: Role): Promise<boolean> {
  try {
    await updateUser(db, id, { role });
    return true;
  } catch (error) {
    if (error instanceof AccountError && error.code === 'LAST_ADMIN') return false;
    throw error;
  }
}

/**
 * Deletes an account with its sessions and tokens. Its documents, tasks and conversations are
 * deleted too, or given to `transferTo` (every module's ownership hook, in the same transaction:
 * all of it moves, or nothing does). Answers what moved, per kind.
 */
export async function removeUser(
  db: Db,
  id: string,
  { transferTo }: { transferTo?: string },
): Promise<{ transferred: Record<string, number> }> {
  if (transferTo === id) throw new AccountError('the data cannot go to the account being deleted');
  const transferred = await db.transaction(async (tx) => {
    const { user, rows, otherAdmins } = await lockForChange(tx, id, transferTo ? [transferTo] : []);
    assertAnotherAdmin(user, otherAdmins);
    let moved: Record<string, number> = {};
    if (transferTo !== undefined) {
      if (!rows.some((row) => row.id === transferTo))
        throw new AccountError(`no account ${transferTo} to give the data to`);
      moved = await transferOwnership(tx, id, transferTo);
    }
    await deleteUser(tx, id);
    return moved;
  });
  forgetTokensOf(db, id);
  return { transferred };
}
