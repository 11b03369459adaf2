// Every route needs a session cookie or an API token unless its definition says
// `config: { public: true }`, and an administrator's when it says `config: { admin: true }`.
// The decision is read from the route Fastify matched, never from the request's URL, so no
// spelling of the request line (absolute-form, `//api`, `%2F`...) can reach a private route's
// handler without credentials.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { userFromSession, type Auth, type SessionUser } from '../modules/auth/service.js';
import { userFromToken } from '../modules/tokens/service.js';
import { isAdministrator } from '../modules/users/service.js';
import { refuseCrossSiteCookieWrite } from './same-origin.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Callable without signing in. Routes are private unless they say this. */
    public?: boolean;
    /** Callable by administrators only (users.role 'admin'); others get 403. */
    admin?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user; set on every route that is not public. */
    user: SessionUser;
  }
}

export const PUBLIC_ROUTE = { public: true } as const;

/**
 * Registers a third-party plugin (API docs, static files) whose every route is public: the
 * plugin's routes cannot carry our config, so the scope they are declared in gives it to them.
 */
export async function registerPublic(
  app: FastifyInstance,
  registerPlugin: (scope: FastifyInstance) => PromiseLike<unknown>,
) {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, ...PUBLIC_ROUTE };
    });
    await registerPlugin(scope);
  });
}

function headersOf(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}

type Identity = { user: SessionUser; by: 'token' | 'cookie' };

async function identify(
  request: FastifyRequest,
  db: Db,
  loadAuth: () => Promise<Auth>,
): Promise<Identity | undefined> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, token] = authorization.split(' ', 2);
    // A wrong token is refused even when a cookie is present: no silent fallback.
    const user =
      scheme?.toLowerCase() === 'bearer' && token
        ? await userFromToken(db, token.trim())
        : undefined;
    return user && { user, by: 'token' };
  }
  const user = await userFromSession(await loadAuth(), headersOf(request));
  return user && { user, by: 'cookie' };
}

const FORBIDDEN = { error: { code: 'FORBIDDEN', message: 'administrators only' } };

const UNAUTHORIZED = {
  error: {
    code: 'UNAUTHORIZED',
    message: 'sign in, or send an API token as "Authorization: Bearer <token>"',
  },
};

export function requireAuthentication(
  app: FastifyInstance,
  db: Db,
  loadAuth: () => Promise<Auth>,
  publicOrigin: string,
) {
  /** Sets request.user and tells true, or answers 401/403 and tells false. */
  async function admit(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const identity = await identify(request, db, loadAuth);
    if (!identity) {
      void reply.status(401).send(UNAUTHORIZED);
      return false;
    }
    if (identity.by === 'cookie' && refuseCrossSiteCookieWrite(request, reply, publicOrigin))
      return false;
    if (
      request.routeOptions.config.admin === true &&
      !(await isAdministrator(db, identity.user.id))
    ) {
      void reply.status(403).send(FORBIDDEN);
      return false;
    }
    request.user = identity.user;
    return true;
  }

  app.decorateRequest('user', null as unknown as SessionUser);
  // A callback hook, not an async one: a public route (health checks) costs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    // No route matched: the not-found handler has nothing to protect.
    if (request.routeOptions.config.public === true || request.is404) return done();
    // Refused: the answer is sent, and the route's handler never runs.
    admit(request, reply).then((admitted) => admitted && done(), done);
  });
}
