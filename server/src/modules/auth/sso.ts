// Single sign-on with one OpenID provider (OIDC_*), through Better Auth's generic OAuth plugin:
// the authorization code flow with PKCE, a state bound to the browser by a signed cookie, and
// an ID token verified against the provider's keys, issuer, our client id (audience) and a
// nonce. Loaded with better-auth.ts. What we add: the provider's issuer must be OIDC_ISSUER,
// ID tokens posted by a client are refused (only the code flow signs in), and the groups claim
// can decide who is an administrator.
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import type { OidcConfig } from '../../config.js';
import type { Role } from './roles.js';
import { OIDC_PROVIDER_ID } from './service.js';

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

export const discoveryUrl = (issuer: string) =>
  `${withoutTrailingSlash(issuer)}/.well-known/openid-configuration`;

/** The role the provider's groups give; undefined when roles are not taken from it. */
export function roleFromGroups(oidc: OidcConfig, profile: unknown): Role | undefined {
  if (!oidc.adminGroup) return undefined;
  const claim = (profile as Record<string, unknown> | undefined)?.[oidc.groupsClaim];
  const groups: unknown[] = Array.isArray(claim) ? claim : claim === undefined ? [] : [claim];
  return groups.includes(oidc.adminGroup) ? 'admin' : 'user';
}

function refuse(code: string, message: string, status: 'BAD_REQUEST' | 'SERVICE_UNAVAILABLE') {
  return new APIError(status, { code, message });
}

/** Checks each sign-in with the provider before Better Auth sends the browser to it. */
function ssoGuard(oidc: OidcConfig): BetterAuthPlugin {
  return {
    id: 'docket-sso-guard',
    hooks: {
      before: [
        {
          matcher: (context) => context.path === '/sign-in/social',
          handler: createAuthMiddleware(async (ctx) => {
            const body = ctx.body as { provider?: unknown; idToken?: unknown } | undefined;
            if (body?.provider !== OIDC_PROVIDER_ID) return;
            // An ID token posted by a client has no state or PKCE behind it: code flow only.
            if (body.idToken !== undefined)
              throw refuse(
                'ID_TOKEN_SIGN_IN_DISABLED',
                'sign in through the provider (the authorization code flow); ID tokens are not accepted here',
                'BAD_REQUEST',
              );
            const provider = ctx.context.socialProviders.find((p) => p.id === OIDC_PROVIDER_ID);
            if (!provider)
              throw refuse(
                'OIDC_UNAVAILABLE',
                `single sign-on is unavailable: the server could not read ${discoveryUrl(oidc.issuer)} (check OIDC_ISSUER and that the server reaches the provider; its log says more)`,
                'SERVICE_UNAVAILABLE',
              );
            const issuer = (provider as { issuer?: string }).issuer;
            if (!issuer || withoutTrailingSlash(issuer) !== withoutTrailingSlash(oidc.issuer))
              throw refuse(
                'OIDC_ISSUER_MISMATCH',
                `single sign-on is misconfigured: the provider at OIDC_ISSUER (${oidc.issuer}) says its issuer is ${issuer ?? 'missing'}; set OIDC_ISSUER to exactly its issuer`,
                'SERVICE_UNAVAILABLE',
              );
          }),
        },
      ],
    },
  };
}

/** The plugins that give Better Auth our OpenID provider. */
export function ssoPlugins(oidc: OidcConfig): BetterAuthPlugin[] {
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          name: oidc.buttonLabel,
          discoveryUrl: discoveryUrl(oidc.issuer),
          // Without the provider's keys and issuer the provider is not registered at all,
          // rather than trusting ID tokens it cannot check.
          requireIdTokenVerification: true,
          clientId: oidc.clientId,
          clientSecret: oidc.clientSecret,
          scopes: oidc.scopes,
          pkce: true,
        },
      ],
    }),
    ssoGuard(oidc),
  ];
}
