// Embedded mode only: serves the built single-page app. Hashed assets are cached for a year,
// index.html never, and any unknown non-API path falls back to index.html for client routing.
// Its pages get the security headers nginx sends in containers (a test holds the two equal).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const isApiPath = (url: string) =>
  url.startsWith('/api/') || url === '/api' || url.startsWith('/metrics');

/** The strict policy of web/nginx/default.conf.template: no inline script or style. */
export const WEB_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export async function registerWeb(app: FastifyInstance, webDir: string): Promise<boolean> {
  if (!existsSync(join(webDir, 'index.html'))) {
    app.log.warn({ webDir }, 'web app not built (npm run build -w web); serving the API only');
    return false;
  }
  // Before the static files and the SPA fallback, so both get them; the API sets its own.
  app.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url)) reply.headers(WEB_SECURITY_HEADERS);
  });
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: true,
    index: ['index.html'],
    cacheControl: false, // set per file below
    setHeaders(res, path) {
      const hashed = path.startsWith(join(webDir, 'assets'));
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}
