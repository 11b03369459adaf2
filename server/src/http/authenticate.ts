// Every /api route needs a session cookie or an API token, except health, docs and auth.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import { userFromSession, type Auth, type SessionUser } from '../modules/auth/service.js';
import { userFromToken } from '../modules/tokens/service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user; set on every route that is not public. */
    user: SessionUser;
  }
}

const PUBLIC_API_PREFIXES = ['/api/health/', '/api/docs', '/api/auth/'];

const isPublic = (url: string) =>
  !url.startsWith('/api') || PUBLIC_API_PREFIXES.some((p) => url.startsWith(p));

function headersOf(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}

async function identify(
  request: FastifyRequest,
  db: Db,
  auth: Auth,
): Promise<SessionUser | undefined> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, token] = authorization.split(' ', 2);
    // A wrong token is refused even when a cookie is present: no silent fallback.
    return scheme?.toLowerCase() === 'bearer' && token
      ? userFromToken(db, token.trim())
      : undefined;
  }
  return userFromSession(auth, headersOf(request));
}

export function requireAuthentication(app: FastifyInstance, db: Db, auth: Auth) {
  app.decorateRequest('user', null as unknown as SessionUser);
  app.addHook('onRequest', async (request, reply) => {
    if (isPublic(request.url)) return;
    const user = await identify(request, db, auth);
    if (!user)
      return reply.status(401).send({
        error: {
          code: 'UNAUTHORIZED',
          message: 'sign in, or send an API token as "Authorization: Bearer <token>"',
        },
      });
    request.user = user;
  });
}
