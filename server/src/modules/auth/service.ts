// Accounts through Better Auth (better-auth.ts): who is signed in, whether sign-up is open, and
// the one Better Auth instance of an app, loaded when first asked for (authLoader).
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { createAuth } from './better-auth.js';
import { countUsers } from './queries.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** Set by our route from Fastify's request.ip, which honours TRUST_PROXY; never from the client. */
export const CLIENT_IP_HEADER = 'x-docket-client-ip';

const SIGNUP_CLOSED =
  'Sign-up is closed on this server (ALLOW_SIGNUP=false): ask its administrator for an account';

/** Why a new account cannot be made now, or undefined when sign-up is open. */
export async function signupClosedReason(
  db: Db,
  allowSignup: boolean,
): Promise<string | undefined> {
  if (allowSignup) return undefined;
  // Closed sign-up still lets the first account in: someone has to administer the server.
  return (await countUsers(db)) > 0 ? SIGNUP_CLOSED : undefined;
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
}

export async function userFromSession(
  auth: Auth,
  headers: Headers,
): Promise<SessionUser | undefined> {
  const session = await auth.api.getSession({ headers });
  if (!session || session.user.disabledAt) return undefined;
  return { id: session.user.id, email: session.user.email, name: session.user.name };
}
