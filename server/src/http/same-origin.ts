// CSRF: a browser sends the session cookie with a cross-site form post too (SameSite=Lax
// still allows it from a sibling subdomain), so a change made with the cookie must come from
// a page of Docket's own origin (PUBLIC_URL). Browsers send `Origin` (or at least `Referer`)
// on every cross-site POST; a request with neither is not a browser's and carries no ambient
// authority. Bearer tokens are never sent by a browser on its own and are not checked here.
import type { FastifyReply, FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin a browser says the request came from, `null` when it hides it, or undefined. */
function claimedOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin;
  const referer = request.headers.referer;
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/** Answers 403 and returns true when a cookie-authenticated change comes from another site. */
export function refuseCrossSiteCookieWrite(
  request: FastifyRequest,
  reply: FastifyReply,
  publicOrigin: string,
): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const origin = claimedOrigin(request);
  if (origin === undefined || origin === publicOrigin) return false;
  void reply.status(403).send({
    error: {
      code: 'CROSS_SITE_REQUEST',
      message: `refused a change from ${origin === 'null' ? 'a hidden origin' : origin.slice(0, 200)}: signed-in changes are accepted from ${publicOrigin} only (set PUBLIC_URL to the address you open Docket at), or send an API token`,
    },
  });
  return true;
}
