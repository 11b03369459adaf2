// Better Auth itself: email + password, single sign-on when OIDC_* is set (sso.ts), sessions in
// the database, rate-limited. Its package is the largest the API loads (about 15 MB and a third
// of a second), so this file is imported through service.ts's authLoader, once the server
// listens, and never before its readiness.
import { betterAuth, type GenericEndpointContext } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { acceptInvite } from '../users/invites.js';
import { setRoleFromProvider } from '../users/service.js';
import { selectUserEnabled, updateFirstUserToAdmin } from './queries.js';
import type { Role } from './roles.js';
import {
  CLIENT_IP_HEADER,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  decideSignup,
  OIDC_PROVIDER_ID,
} from './service.js';
import { roleFromGroups, ssoPlugins } from './sso.js';
import { accounts, authRateLimits, sessions, users, verifications } from './tables.js';

/** Every sign-in makes a session: a disabled account gets none. */
async function assertEnabled(db: Db, userId: string) {
  if (!(await selectUserEnabled(db, userId)))
    throw new APIError('FORBIDDEN', {
      code: 'ACCOUNT_DISABLED',
      message: 'This account is disabled: ask the administrator of this server',
    });
}

/** The invitation a sign-up form sent along (`inviteToken`), if any. */
function inviteTokenOf(context: GenericEndpointContext | null): string | undefined {
  const token = (context?.body as { inviteToken?: unknown } | undefined)?.inviteToken;
  return typeof token === 'string' ? token : undefined;
}

export interface AuthOptions {
  /** The `docket users` commands create accounts whatever the sign-up mode. */
  anyoneMaySignUp?: boolean;
}

export function createAuth(db: Db, config: Config, { anyoneMaySignUp = false }: AuthOptions = {}) {
  const perMinute = config.authRateLimitPerMinute;
  const { oidc } = config;
  /** The role each single sign-on's groups gave, by its request, until its session is made. */
  const roleFromProvider = new WeakMap<GenericEndpointContext, Role>();

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
    plugins: oidc ? ssoPlugins(oidc) : [],
    // A provider's failures (a wrong state, an ID token that does not verify, a refusal below)
    // come back to the sign-in page as ?error=<code>, which it explains.
    onAPIError: { errorURL: `${config.publicUrl}/sign-in` },
    account: {
      // Docket never verifies emails itself: an account an administrator made (or invited) is
      // linked to the provider's identity when the provider says it verified that email.
      accountLinking: { requireLocalEmailVerified: false },
      encryptOAuthTokens: true,
    },
    user: {
      // Read with the session, so that a disabled account's session is refused; never input.
      additionalFields: {
        role: { type: 'string', input: false, defaultValue: 'user' },
        disabledAt: { type: 'date', input: false, required: false },
      },
      // Who may have an account: the sign-up rule for a password, OIDC_AUTO_CREATE for a
      // provider's identity. Its groups, if they decide roles, are applied with the session.
      validateUserInfo: async ({ user, source }, context) => {
        if (source.method === 'oauth') {
          if (!oidc || source.oauth?.providerId !== OIDC_PROVIDER_ID)
            return { error: 'SSO_UNAVAILABLE' };
          if (source.action === 'create-user' && !oidc.autoCreate)
            return {
              error: 'SSO_ACCOUNT_UNKNOWN',
              errorDescription: `There is no account for ${String(user.email)} on this server: ask an administrator for one, then sign in with single sign-on`,
            };
          const role = roleFromGroups(oidc, source.oauth.profile);
          if (role) roleFromProvider.set(context, role);
          return;
        }
        if (source.action !== 'create-user' || anyoneMaySignUp) return;
        const decision = await decideSignup(db, config, {
          email: typeof user.email === 'string' ? user.email : undefined,
          inviteToken: inviteTokenOf(context),
        });
        if (!decision.allowed) return { error: decision.code, errorDescription: decision.reason };
      },
    },
    databaseHooks: {
      user: {
        create: {
          after: async (user, context) => {
            const inviteToken = inviteTokenOf(context);
            if (inviteToken) await acceptInvite(db, inviteToken, user);
            await updateFirstUserToAdmin(db);
          },
        },
      },
      session: {
        create: {
          before: async (session, context) => {
            await assertEnabled(db, session.userId);
            const role = context && roleFromProvider.get(context);
            if (role && !(await setRoleFromProvider(db, session.userId, role)))
              context?.context.logger.warn(
                `single sign-on: ${session.userId} is not in OIDC_ADMIN_GROUP but stays an administrator, being the last one`,
              );
          },
        },
      },
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: perMinute * 4,
      customRules: {
        '/sign-in/email': { window: 60, max: perMinute },
        '/sign-up/email': { window: 60, max: perMinute },
        '/sign-in/social': { window: 60, max: perMinute },
      },
    },
    advanced: {
      useSecureCookies: config.publicUrl.startsWith('https://'),
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
  });
}
