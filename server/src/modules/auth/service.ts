// Accounts through Better Auth (better-auth.ts): who is signed in, who may sign up, and the one
// Better Auth instance of an app, loaded when first asked for (authLoader).
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { getServerSettings } from '../settings/service.js';
import { findInvite } from '../users/invites.js';
import type { InviteView } from '../users/schemas.js';
import type { createAuth } from './better-auth.js';
import { countUsers } from './queries.js';
import { asRole, type Role } from './roles.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** Better Auth's name for the OpenID provider (sso.ts): the redirect URI ends in /callback/oidc. */
export const OIDC_PROVIDER_ID = 'oidc';
/** Set by our route from Fastify's request.ip, which honours TRUST_PROXY; never from the client. */
export const CLIENT_IP_HEADER = 'x-docket-client-ip';

/** May this person make an account now; if not, why, in words for the sign-up page. */
export type SignupDecision =
  | { allowed: true; invite: InviteView | undefined }
  | { allowed: false; code: 'SIGNUP_CLOSED' | 'INVITE_INVALID'; reason: string };

const REFUSED = {
  closed: 'Sign-up is closed on this server: ask its administrator for an account',
  'invite-only':
    'New accounts on this server are by invitation: ask an administrator for an invitation link',
  invalid:
    'This invitation link cannot be used any more: it was used, replaced or withdrawn, or it expired. Ask for a new one',
} as const;

/**
 * The one sign-up rule, for the sign-up form and for Better Auth's check before it creates an
 * account: an invitation lets its email in whatever the mode (an invalid one lets nobody in);
 * the first account always may (someone has to administer the server); otherwise the sign-up
 * mode decides (an administrator's choice, or ALLOW_SIGNUP's default).
 */
export async function decideSignup(
  db: Db,
  config: Pick<Config, 'signupDefault'>,
  { email, inviteToken }: { email?: string; inviteToken?: string },
): Promise<SignupDecision> {
  if (inviteToken !== undefined) {
    const invite = await findInvite(db, inviteToken);
    if (!invite) return { allowed: false, code: 'INVITE_INVALID', reason: REFUSED.invalid };
    if (email !== undefined && email.toLowerCase() !== invite.email)
      return {
        allowed: false,
        code: 'INVITE_INVALID',
        reason: `This invitation is for ${invite.email}: sign up with that email`,
      };
    return { allowed: true, invite };
  }
  if ((await countUsers(db)) === 0) return { allowed: true, invite: undefined };
  const { signupMode } = await getServerSettings(db, config);
  if (signupMode === 'open') return { allowed: true, invite: undefined };
  return { allowed: false, code: 'SIGNUP_CLOSED', reason: REFUSED[signupMode] };
}

export type Auth = ReturnType<typeof createAuth>;

/** Better Auth for this database, imported and made on the first call; later calls share it. */
export function authLoader(db: Db, config: Config): () => Promise<Auth> {
  let auth: Promise<Auth> | undefined;
  return () =>
    (auth ??= import('./better-auth.js').then(({ createAuth }) => createAuth(db, config)));
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export async function userFromSession(
  auth: Auth,
  headers: Headers,
): Promise<SessionUser | undefined> {
  const session = await auth.api.getSession({ headers });
  if (!session || session.user.disabledAt) return undefined;
  const { id, email, name, role } = session.user;
  return { id, email, name, role: asRole(role) };
}
