// A real OpenID provider for the tests (the `oidc-provider` package, certified by the OpenID
// Foundation), on 127.0.0.1: discovery, a signing key, the authorization code flow with PKCE
// required, and its development sign-in form (any login, any password; consent is skipped).
// Each login is an account whose claims the test chooses. `tamperIdTokens` makes it sign ID
// tokens with other claims (a wrong audience or issuer) with its own key, as a misbehaving or
// mixed-up provider would, so that only Docket's checks can refuse them.
//
// Imports only packages and node:, so that Node 24 runs this file as it is (type stripping):
// `node server/test/support/oidc-provider.ts` serves one from OIDC_TEST_* (the container suite).
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccount {
  email?: string;
  name?: string;
  groups?: string[];
  /** Whether the provider says it verified the email (default true). */
  emailVerified?: boolean;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestProviderOptions {
  clients: TestClient[];
  /** Default: a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** What the provider says its issuer is; default http://<host>:<port>. */
  issuer?: string;
}

export interface TestProvider {
  /** The issuer, without a trailing slash. */
  issuer: string;
  /** Where it is reached (the same as the issuer unless `issuer` was given). */
  url: string;
  /** Claims of a login; any other login gets `<login>@example.test`. */
  accounts: Map<string, TestAccount>;
  /** Until called again: ID tokens with these claims replaced, re-signed with its key. */
  tamperIdTokens(claims: Record<string, unknown> | undefined): void;
  close(): Promise<void>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A JWT with some claims replaced, signed again with the provider's own key. */
function resign(jwt: string, key: KeyObject, claims: Record<string, unknown>): string {
  const [header, payload] = jwt.split('.');
  const changed = {
    ...(JSON.parse(Buffer.from(payload!, 'base64url').toString()) as object),
    ...claims,
  };
  const signingInput = `${header}.${base64url(JSON.stringify(changed))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key);
  return `${signingInput}.${base64url(signature)}`;
}

export async function startOidcProvider(options: TestProviderOptions): Promise<TestProvider> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const issuer = (options.issuer ?? url).replace(/\/+$/, '');

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const accounts = new Map<string, TestAccount>();
  let tamper: Record<string, unknown> | undefined;

  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: {
      keys: [
        { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' },
      ],
    },
    cookies: { keys: ['a test provider, not a secret'] },
    pkce: { required: () => true },
    // The claims go in the ID token too, as Keycloak and Authentik put them by default.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    findAccount: (_ctx, login) => {
      const account = accounts.get(login) ?? {};
      return {
        accountId: login,
        claims: () => ({
          sub: login,
          email: account.email ?? `${login}@example.test`,
          email_verified: account.emailVerified ?? true,
          name: account.name ?? login,
          ...(account.groups ? { groups: account.groups } : {}),
        }),
      };
    },
    // Consent is granted at once: the tests sign in, they do not review scopes.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, params } = ctx.oidc;
      const existing = ctx.oidc.result?.consent?.grantId ?? session!.grantIdFor(client!.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({
        clientId: client!.clientId,
        accountId: session!.accountId,
      });
      grant.addOIDCScope(String(params!.scope));
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    // Koa's context, typed by the package without its `oidc` (set once the request is routed).
    const route = (ctx as { oidc?: { route?: string } }).oidc?.route;
    if (tamper && route === 'token' && body?.id_token)
      ctx.body = { ...body, id_token: resign(body.id_token, privateKey, tamper) };
  });
  const handle = provider.callback();
  server.on('request', (request, response) => void handle(request, response));

  return {
    issuer,
    url,
    accounts,
    tamperIdTokens(claims) {
      tamper = claims;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies of one origin, as a browser keeps them (name=value only: the tests need no more). */
class CookieJar {
  readonly #cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.#cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  }
  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Plays the browser at the provider: opens Docket's authorization URL, signs in as `login`
 * with the provider's form, and returns the URL the provider sends the browser back to
 * (Docket's callback with the code and state), without opening it.
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  redirectUri: string,
): Promise<URL> {
  const jar = new CookieJar();
  let next = new URL(authorizationUrl);
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get('location');
    if (location) {
      next = new URL(location, next);
      if (next.href.startsWith(redirectUri)) return next;
      await response.arrayBuffer();
      continue;
    }
    const page = await response.text();
    if (!/name="prompt" value="login"/.test(page))
      throw new Error(
        `the provider answered ${response.status} at ${next.href}: ${page.slice(0, 300)}`,
      );
    const submitted = await fetch(next, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }),
    });
    jar.take(submitted);
    await submitted.arrayBuffer();
    next = new URL(submitted.headers.get('location')!, next);
  }
  throw new Error(`no redirect to ${redirectUri} after 10 steps, last at ${next.href}`);
}

/**
 * Run directly: one provider from OIDC_TEST_PORT, OIDC_TEST_ISSUER, one client
 * (OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_REDIRECT_URI) and accounts
 * (OIDC_TEST_ACCOUNTS: `login=email` pairs, comma-separated), on all addresses of its container.
 */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const provider = await startOidcProvider({
    host: '0.0.0.0',
    port: Number(env.OIDC_TEST_PORT),
    issuer: env.OIDC_TEST_ISSUER,
    clients: [
      {
        clientId: env.OIDC_TEST_CLIENT_ID ?? '',
        clientSecret: env.OIDC_TEST_CLIENT_SECRET ?? '',
        redirectUris: [env.OIDC_TEST_REDIRECT_URI ?? ''],
      },
    ],
  });
  for (const pair of (env.OIDC_TEST_ACCOUNTS ?? '').split(',').filter(Boolean)) {
    const [login, email] = pair.split('=');
    provider.accounts.set(login!, { email });
  }
  console.log(`OpenID provider ${provider.issuer} listening`);
  process.on('SIGTERM', () => void provider.close().then(() => process.exit(0)));
}
