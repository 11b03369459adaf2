// What every kind of caller must get from a route, worked out from the route's declared access
// alone (`x-access` in /api/docs/json, written by access/routes.ts): the leak matrix compares
// it with what the server answers. A declaration this file does not understand throws, so a
// route with a new kind of access cannot pass the matrix until its expectations are written.

/** Who calls: the collection's owner and its members, others, and refused credentials. */
export const CALLERS = [
  'owner',
  'editor',
  'viewer',
  'stranger',
  'admin',
  'read token',
  'expired token',
  'disabled token',
  'disabled session',
  'no credentials',
] as const;
export type Caller = (typeof CALLERS)[number];

export interface DeclaredAccess {
  public?: boolean;
  admin?: boolean;
  scope?: string;
  object?: string;
  need?: string;
}

/** What a caller must get: let through (2xx or a state error), or refused with this status. */
export type Expected = 'admitted' | 401 | 403 | 404;

/** Which fixture a route's object is: the owner's shared one (in the collection) or private. */
export type Fixture = 'shared' | 'private';

const REFUSED_CREDENTIALS: readonly Caller[] = [
  'expired token',
  'disabled token',
  'disabled session',
  'no credentials',
];

/** Objects only their owner sees: everyone else gets 404, like a missing one. */
const OWNED = new Set(['task', 'conversation', 'token', 'diagnostic-job']);

const COLLECTION_RANK: Partial<Record<Caller, number>> = {
  owner: 3,
  'read token': 3,
  editor: 2,
  viewer: 1,
};
const NEED_RANK: Record<string, number> = { read: 1, edit: 2, manage: 3 };

/** The owner and their read token act for the owner; the read token's scope is checked first. */
const actsForOwner = (caller: Caller) => caller === 'owner' || caller === 'read token';

function onDocument(caller: Caller, need: string, fixture: Fixture): Expected {
  if (!['read', 'manage'].includes(need)) throw new Error(`document need "${need}"`);
  if (actsForOwner(caller)) return 'admitted';
  const member = caller === 'editor' || caller === 'viewer';
  if (fixture === 'private' || !member) return 404;
  return need === 'read' ? 'admitted' : 403;
}

function onCollection(caller: Caller, need: string): Expected {
  const needed = NEED_RANK[need];
  if (needed === undefined) throw new Error(`collection need "${need}"`);
  const rank = COLLECTION_RANK[caller];
  if (rank === undefined) return 404;
  return rank >= needed ? 'admitted' : 403;
}

/** The expected answer to `caller` on a route declared `access` (its object: `fixture`). */
export function expectedFor(access: DeclaredAccess, caller: Caller, fixture: Fixture): Expected {
  if (access.public) return 'admitted';
  if (access.scope !== 'read' && access.scope !== 'write')
    throw new Error(`scope "${String(access.scope)}"`);
  if (REFUSED_CREDENTIALS.includes(caller)) return 401;
  if (access.admin) {
    if (caller !== 'admin') return 403;
    if (access.object === undefined || access.object === 'self') return 'admitted';
    throw new Error(`an admin route on "${access.object}"`);
  }
  if (caller === 'read token' && access.scope === 'write') return 403;
  const { object, need = '' } = access;
  if (object === undefined) throw new Error('no object: the route declares no access');
  if (object === 'self') return 'admitted';
  // The administrator is an account like any other here: nothing of the owner's is theirs.
  if (OWNED.has(object)) return actsForOwner(caller) ? 'admitted' : 404;
  if (object === 'document') return onDocument(caller, need, fixture);
  if (object === 'collection') return onCollection(caller, need);
  throw new Error(`object "${object}"`);
}

/** The fixtures a route is checked on: document routes on a shared and a private document. */
export const fixturesFor = (access: DeclaredAccess): Fixture[] =>
  access.object === 'document' ? ['shared', 'private'] : ['shared'];
