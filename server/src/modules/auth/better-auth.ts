// Better Auth itself: email + password, sessions in the database, rate-limited. Its package
// is the largest the API loads (about 15 MB and a third of a second), so this file is imported
// through service.ts's authLoader, once the server listens, and never before its readiness.
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { selectUserEnabled, updateFirstUserToAdmin } from './queries.js';
import {
  CLIENT_IP_HEADER,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  signupClosedReason,
} from './service.js';
import { accounts, authRateLimits, sessions, users, verifications } from './tables.js';

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
