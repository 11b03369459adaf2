// Embedded mode only: serves the built single-page app. Hashed assets are cached for a year,
// index.html never, and any unknown non-API path falls back to index.html for client routing.
// Its pages get the security headers nginx sends in containers (a test holds the two equal).
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { registerPublic } from './authenticate.js';
import { API_SECURITY_HEADERS } from './response-headers.js';

/** Paths the API answers (the OpenAI-compatible /v1 included): never the app's page. */
export const isApiPath = (url: string) =>
  url.startsWith('/api/') ||
  url === '/api' ||
  url.startsWith('/v1/') ||
  url === '/v1' ||
  url.startsWith('/metrics');

/** The strict policy of web/nginx/default.conf.template: no inline script or style. */
export const WEB_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  ...API_SECURITY_HEADERS,
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Answers with the app's index.html (for client-side routes). */
export type SendAppPage = (reply: FastifyReply) => FastifyReply;

/** Serves the built app; returns how to send its page, or undefined when it is not built. */
export async function registerWeb(
  app: FastifyInstance,
  webDir: string,
): Promise<SendAppPage | undefined> {
  if (!existsSync(join(webDir, 'index.html'))) {
    app.log.warn({ webDir }, 'web app not built (npm run build -w web); serving the API only');
    return undefined;
  }
  // Before the static files and the SPA fallback, so both get them; the API sets its own.
  app.addHook('onRequest', (request, reply, done) => {
    if (!isApiPath(request.url)) reply.headers(WEB_SECURITY_HEADERS);
    done();
  });
  // Public: the app's files are the same for everyone; what they show comes from the API.
  await registerPublic(app, (scope) =>
    scope.register(fastifyStatic, {
      root: webDir,
      wildcard: true,
      index: ['index.html'],
      cacheControl: false, // set per file below
      setHeaders(res, path) {
        const hashed = path.startsWith(join(webDir, 'assets'));
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  const indexHtml = join(webDir, 'index.html');
  return (reply) =>
    reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(createReadStream(indexHtml));
}
