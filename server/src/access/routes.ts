// What a route needs, declared in its definition (`config: { access }`), never read from its URL.
// The authentication hook (http/authenticate.ts) refuses a token without the route's scope
// before the handler runs; the object a route names (its :id) is checked by its service through
// this folder's policies. /api/docs/json shows each route's declaration as `x-access`: the leak
// matrix (server/test/access-matrix.test.ts) reads it to know what every caller must get, and
// fails on a route that declares nothing it understands.
import type { Scope } from './actor.js';

/** Objects that only their owner sees (owned.ts). */
export type OwnedKind = 'task' | 'conversation' | 'token' | 'diagnostic-job';

export type RouteAccess = {
  /** What a token must hold; by default `read` for GET and HEAD, `write` for any other method. */
  scope?: Scope;
} & (
  | /** The caller's own things, or nobody's: lists, creation, search, chat, settings. */
    { object: 'self' }
  | { object: OwnedKind }
  | { object: 'document'; need: 'read' | 'manage' }
  | { object: 'collection'; need: 'read' | 'edit' | 'manage' }
);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route, and on what (above). */
    access?: RouteAccess;
    /** Administrators only (the administration routes; refused with 403 to anyone else). */
    admin?: boolean;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The scope a token needs for a route: declared, or `read` only for methods that read. */
export function requiredScope(method: string | readonly string[], access?: RouteAccess): Scope {
  if (access?.scope) return access.scope;
  const methods = typeof method === 'string' ? [method] : method;
  return methods.every((m) => READ_METHODS.has(m)) ? 'read' : 'write';
}

interface RouteDeclaration {
  method: string | readonly string[];
  config?: { public?: boolean; admin?: boolean; access?: RouteAccess };
}

/** A route's access as /api/docs/json shows it, under `x-access`. */
export function describeAccess({ method, config = {} }: RouteDeclaration) {
  if (config.public === true) return { public: true };
  const { access } = config;
  return {
    ...(config.admin === true ? { admin: true } : {}),
    scope: requiredScope(method, access),
    ...(access
      ? { object: access.object, ...('need' in access ? { need: access.need } : {}) }
      : {}),
  };
}
