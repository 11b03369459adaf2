// Embedded mode only: serves the built single-page app. Hashed assets are cached for a year,
// index.html never, and any unknown non-API path falls back to index.html for client routing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const isApiPath = (url: string) =>
  url.startsWith('/api/') || url === '/api' || url.startsWith('/metrics');

export async function registerWeb(app: FastifyInstance, webDir: string): Promise<boolean> {
  if (!existsSync(join(webDir, 'index.html'))) {
    app.log.warn({ webDir }, 'web app not built (npm run build -w web); serving the API only');
    return false;
  }
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
