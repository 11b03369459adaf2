// Accounts through Better Auth: email + password, sessions in the database, rate-limited.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { countUsers, selectUserEnabled, updateFirstUserToAdmin } from './queries.js';
import { accounts, authRateLimits, sessions, users, verifications } from './tables.js';

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

async function assertSignupOpen(db: Db, allowSignup: boolean) {
  const reason = await signupClosedReason(db, allowSignup);
  if (reason) throw new APIError('FORBIDDEN', { code: 'SIGNUP_CLOSED', message: reason });
}

/** Every sign-in makes a session: a disabled account gets none. */
async function assertEnabled(db: Db, userId: string) {
  if (!(await selectUserEnabled(db, userId)))
    throw new APIError('FORBIDDEN', {
      code: 'ACCOUNT_DISABLED',
      message: 'This account is disabled: ask the administrator of this server',
    });
}

export function createAuth(db: Db, config: Config) {
  const perMinute = config.authRateLimitPerMinute;
  return betterAuth({
    appName: 'Docket',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: config.authSecret,
    trustedOrigins: [config.publicUrl],
    telemetry: { enabled: false },
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
        rateLimit: authRateLimits,
      },
    }),
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
    },
    user: {
      // Read with the session, so that a disabled account's session is refused; never input.
      additionalFields: {
        role: { type: 'string', input: false, defaultValue: 'user' },
        disabledAt: { type: 'date', input: false, required: false },
      },
    },
    databaseHooks: {
      user: {
        create: {
          before: async () => assertSignupOpen(db, config.allowSignup),
          after: async () => updateFirstUserToAdmin(db),
        },
      },
      session: { create: { before: async (session) => assertEnabled(db, session.userId) } },
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: perMinute * 4,
      customRules: {
        '/sign-in/email': { window: 60, max: perMinute },
        '/sign-up/email': { window: 60, max: perMinute },
      },
    },
    advanced: {
      useSecureCookies: config.publicUrl.startsWith('https://'),
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

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
