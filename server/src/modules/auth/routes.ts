// Better Auth's standard routes under /api/auth, bridged from Fastify to its fetch handler.
// Its error bodies are reshaped into ours: { "error": { "code", "message" } }.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { PUBLIC_ROUTE } from '../../http/authenticate.js';
import { getServerSettings } from '../settings/service.js';
import { signupStatusQuery, signupStatusResponse, ssoResponse } from './schemas.js';
import { CLIENT_IP_HEADER, decideSignup, OIDC_PROVIDER_ID, type Auth } from './service.js';

function toWebRequest(request: FastifyRequest, publicUrl: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === CLIENT_IP_HEADER) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  headers.set(CLIENT_IP_HEADER, request.ip);
  const hasBody =
    request.method !== 'GET' && request.method !== 'HEAD' && request.body !== undefined;
  // Only the path and query come from the request line: an absolute-form target must not
  // choose the host that Better Auth believes it serves.
  const { pathname, search } = new URL(request.url, publicUrl);
  return new Request(new URL(pathname + search, publicUrl), {
    method: request.method,
    headers,
    body: hasBody ? JSON.stringify(request.body) : undefined,
  });
}

async function toOurErrorShape(response: Response, text: string): Promise<string> {
  if (response.status < 400) return text;
  let parsed: { code?: string; message?: string } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // not JSON: keep the status text as the message
  }
  const code = parsed.code ?? (response.status === 429 ? 'RATE_LIMITED' : 'AUTH_ERROR');
  const message = parsed.message || response.statusText || 'authentication failed';
  return JSON.stringify({ error: { code, message } });
}

export const authRoutes: FastifyPluginAsyncZod<{
  loadAuth: () => Promise<Auth>;
  db: Db;
  config: Config;
}> = async (app, { loadAuth, db, config }) => {
  // Ours, not Better Auth's: lets the sign-up form say it is closed before anyone fills it in,
  // or show the email an invitation is for.
  app.get(
    '/api/auth/signup-status',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether a new account can be created now (with an invitation?), and why not',
        querystring: signupStatusQuery,
        response: { 200: signupStatusResponse },
      },
      config: PUBLIC_ROUTE,
    },
    async (request) => {
      const decision = await decideSignup(db, config, { inviteToken: request.query.invite });
      const { signupMode } = await getServerSettings(db, config);
      const invite = decision.allowed ? decision.invite : undefined;
      return {
        open: decision.allowed,
        reason: decision.allowed ? null : decision.reason,
        mode: signupMode,
        invite: invite ? { email: invite.email, expiresAt: invite.expiresAt } : null,
      };
    },
  );
  app.get(
    '/api/auth/sso',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether the sign-in page offers single sign-on, and its label',
        response: { 200: ssoResponse },
      },
      config: PUBLIC_ROUTE,
    },
    async () => ({
      enabled: config.oidc !== undefined,
      label: config.oidc?.buttonLabel ?? null,
      provider: config.oidc ? OIDC_PROVIDER_ID : null,
    }),
  );

  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    schema: { hide: true },
    // Signing in and up must work signed out; Better Auth guards its own session routes.
    config: PUBLIC_ROUTE,
    async handler(request, reply) {
      const auth = await loadAuth();
      const response = await auth.handler(toWebRequest(request, config.publicUrl));
      reply.status(response.status);
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) reply.header('set-cookie', cookies);
      const text = await response.text();
      if (response.status >= 400) reply.header('content-type', 'application/json; charset=utf-8');
      return reply.send(text ? await toOurErrorShape(response, text) : undefined);
    },
  });
};
