// Invitations: an administrator invites an email and hands over the link; whoever opens it signs
// up with that email, even when sign-up is closed or by invitation only (auth's sign-up rule
// asks findInvite). The link's token is shown once and kept as a SHA-256 hash; the invitation
// is used up by the account it makes (acceptInvite), and inviting the email again replaces it.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import type { Role } from '../auth/roles.js';
import {
  deleteInvite,
  deleteInviteByTokenHash,
  insertInvite,
  selectInvites,
  selectValidInviteByTokenHash,
  updateUserRole,
} from './queries.js';
import { toInviteView, type InviteView } from './schemas.js';

const DAY_MS = 86_400_000;
export const INVITE_DAYS = 7;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The sign-up page's address with the invitation in it. */
export const inviteUrl = (publicUrl: string, token: string) =>
  `${publicUrl}/sign-up?invite=${encodeURIComponent(token)}`;

export async function createInvite(
  db: Db,
  publicUrl: string,
  createdBy: string,
  input: { email: string; role?: Role; expiresInDays?: number },
): Promise<InviteView & { url: string }> {
  const token = randomBytes(32).toString('base64url');
  const row = await insertInvite(db, {
    email: input.email.toLowerCase(),
    role: input.role ?? 'user',
    tokenHash: hashOf(token),
    createdBy,
    expiresAt: new Date(Date.now() + (input.expiresInDays ?? INVITE_DAYS) * DAY_MS),
  });
  return { ...toInviteView(row), url: inviteUrl(publicUrl, token) };
}

export async function listInvites(db: Db) {
  return { items: (await selectInvites(db)).map(toInviteView) };
}

export async function revokeInvite(db: Db, id: string) {
  if (!(await deleteInvite(db, id))) throw notFound('invitation');
}

/** The invitation a link carries, while it can still be used; undefined otherwise. */
export async function findInvite(db: Db, token: string): Promise<InviteView | undefined> {
  const row = await selectValidInviteByTokenHash(db, hashOf(token));
  return row && toInviteView(row);
}

/** Uses the invitation up for the account just made with its email, giving it its role. */
export async function acceptInvite(db: Db, token: string, user: { id: string; email: string }) {
  const row = await deleteInviteByTokenHash(db, hashOf(token), user.email);
  if (row?.role === 'admin') await updateUserRole(db, user.id, 'admin');
}
