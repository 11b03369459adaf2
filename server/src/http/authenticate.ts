// Every route needs a session cookie or an API token unless its definition says
// `config: { public: true }`, and an administrator's if it says `config: { admin: true }`. The
// decision is read from the route Fastify matched, never from the request's URL, so no
// spelling of the request line (absolute-form, `//api`, `%2F`...) can reach a private route's
// handler without credentials, nor an administrator's route as anyone else. A token must also
// hold the scope the route needs (access/routes.ts: `read` for GET, `write` for changes, unless
// the route says).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fullAccess, hasScope, type Actor } from '../access/actor.js';
import { requiredScope } from '../access/routes.js';
import type { Db } from '../db/client.js';
import { userFromSession, type Auth, type SessionUser } from '../modules/auth/service.js';
import { holderOfToken } from '../modules/tokens/service.js';
import { refuseCrossSiteCookieWrite } from './same-origin.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Callable without signing in. Routes are private unless they say this. */
    public?: boolean;
    /** Callable by administrators only (403 FORBIDDEN for anyone else signed in). */
    admin?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user; set on every route that is not public. */
    user: SessionUser;
    /** What the request may do for that user (access/actor.ts): what services are given. */
    actor: Actor;
  }
}

export const PUBLIC_ROUTE = { public: true } as const;
export const ADMIN_ROUTE = { admin: true } as const;

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

type Identity = { user: SessionUser; actor: Actor; by: 'token' | 'cookie' };

async function identify(
  request: FastifyRequest,
  db: Db,
  loadAuth: () => Promise<Auth>,
): Promise<Identity | undefined> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, token] = authorization.split(' ', 2);
    // A wrong token is refused even when a cookie is present: no silent fallback.
    const holder =
      scheme?.toLowerCase() === 'bearer' && token
        ? await holderOfToken(db, token.trim())
        : undefined;
    return holder && { ...holder, by: 'token' };
  }
  const user = await userFromSession(await loadAuth(), headersOf(request));
  return user && { user, actor: fullAccess(user.id), by: 'cookie' };
}

const scopeMissing = (scope: string) => ({
  error: {
    code: 'FORBIDDEN',
    message: `this API token does not have the ${scope} scope that this route needs`,
  },
});

const UNAUTHORIZED = {
  error: {
    code: 'UNAUTHORIZED',
    message: 'sign in, or send an API token as "Authorization: Bearer <token>"',
  },
};

const FORBIDDEN = {
  error: { code: 'FORBIDDEN', message: 'only an administrator of this server can do this' },
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
    const { method, config } = request.routeOptions;
    if (config.admin === true && identity.user.role !== 'admin') {
      void reply.status(403).send(FORBIDDEN);
      return false;
    }
    const scope = requiredScope(method, config.access);
    if (!hasScope(identity.actor, scope)) {
      void reply.status(403).send(scopeMissing(scope));
      return false;
    }
    request.user = identity.user;
    request.actor = identity.actor;
    return true;
  }

  app.decorateRequest('user', null as unknown as SessionUser);
  app.decorateRequest('actor', null as unknown as Actor);
  // A callback hook, not an async one: a public route (health checks) costs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    // No route matched: the not-found handler has nothing to protect.
    if (request.routeOptions.config.public === true || request.is404) return done();
    // Refused: the answer is sent, and the route's handler never runs.
    admit(request, reply).then((admitted) => admitted && done(), done);
  });
}
