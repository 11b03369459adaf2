// Administering accounts without SQL (the `docket users` commands): list, create, reset a
// password, disable and enable. Passwords and sessions go through Better Auth, as sign-up does.
import type { Db } from '../../db/client.js';
import type { Auth } from '../auth/service.js';
import {
  selectUserByEmail,
  selectUserRole,
  selectUsers,
  updateUserDisabledAt,
  updateUserRole,
  type Role,
} from './queries.js';
import { toUserView, type UserView } from './schemas.js';

/** An administration request that cannot be done (no such account, a refused password...). */
export class AccountError extends Error {}

/** Whether the account administers this server (users.role). */
export async function isAdministrator(db: Db, userId: string): Promise<boolean> {
  return (await selectUserRole(db, userId)) === 'admin';
}

export async function listUsers(db: Db): Promise<UserView[]> {
  return (await selectUsers(db)).map(toUserView);
}

async function userByEmail(db: Db, email: string) {
  const user = await selectUserByEmail(db, email);
  if (!user) throw new AccountError(`no account with the email ${email}`);
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
  return (await listUsers(db)).find((u) => u.id === user.id)!;
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

/** A disabled account cannot sign in and its sessions end at once; its API tokens stop working
 * at once in this process, and within the verified-token cache's seconds in the others. */
export async function setDisabled(auth: Auth, db: Db, email: string, disabled: boolean) {
  const user = await userByEmail(db, email);
  await updateUserDisabledAt(db, user.id, disabled ? new Date() : null);
  if (disabled) await (await auth.$context).internalAdapter.deleteUserSessions(user.id);
}
