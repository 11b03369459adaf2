// Who is acting, and what their credential lets them do. A session (the web app) and the command
// line act with everything their user may; an API token with its scopes (`read`, `write`) and,
// when it was given collections, on documents only through them. Every policy in this folder
// takes an Actor: services receive one instead of a bare user id.
import { AppError } from '../lib/errors.js';

export const SCOPES = ['read', 'write'] as const;
export type Scope = (typeof SCOPES)[number];

export interface Actor {
  userId: string;
  scopes: readonly Scope[];
  /** A token limited to collections: documents only through these (and no other collection). */
  collectionIds?: readonly string[];
  /** When the credential ends (a token's expiry): a token it creates cannot outlive it. */
  expiresAt?: Date;
}

/** A signed-in session, the command line, a job: everything the user may do. */
export const fullAccess = (userId: string): Actor => ({ userId, scopes: SCOPES });

export const forbidden = (message: string) => new AppError(403, 'FORBIDDEN', message);

export const hasScope = (actor: Actor, scope: Scope) => actor.scopes.includes(scope);

/** 403 unless the actor's credential holds the scope. */
export function requireScope(actor: Actor, scope: Scope) {
  if (!hasScope(actor, scope))
    throw forbidden(`this API token has the scope ${actor.scopes.join(', ')}: this needs ${scope}`);
}
