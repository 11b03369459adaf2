// Collections: who sees one, and what each role may do in it. The owner manages it (name,
// description, members, deletion) and edits it; an `editor` member adds their own documents
// and removes any; a `viewer` member reads (searches, cites, downloads) its documents. Every
// member sees the member list and may leave. A token limited to collections sees only those.
// Another user's collection, like a missing one, is "not found"; one the actor sees but may not
// change answers 403.
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { AppError } from '../lib/errors.js';
import { isUuid } from '../lib/ids.js';
import { collectionMembers, collections, type MemberRole } from '../modules/collections/tables.js';
import { forbidden, requireScope, type Actor } from './actor.js';

export type CollectionRole = 'owner' | MemberRole;
export type CollectionNeed = 'read' | 'edit' | 'manage';

const qb = new QueryBuilder();

/**
 * A condition on `collections`: the rows the actor sees, theirs and those they are a member of
 * (for a token limited to collections, only those among them).
 */
export function visibleCollections(actor: Actor): SQL {
  const joined = qb
    .select({ id: collectionMembers.collectionId })
    .from(collectionMembers)
    .where(eq(collectionMembers.userId, actor.userId));
  return and(
    or(eq(collections.ownerId, actor.userId), inArray(collections.id, joined)),
    actor.collectionIds && inArray(collections.id, [...actor.collectionIds]),
  )!;
}

/** The ids of the collections the actor sees, as a subquery. */
export const visibleCollectionIds = (actor: Actor) =>
  qb.select({ id: collections.id }).from(collections).where(visibleCollections(actor));

/**
 * 404 naming the first of these collections that the actor does not see (a scope given to
 * search, chat or a document list; the collections a new token is limited to).
 */
export async function requireVisibleCollections(db: Db, actor: Actor, ids: readonly string[]) {
  const wanted = ids.filter(isUuid);
  const rows = wanted.length
    ? await db
        .select({ id: collections.id })
        .from(collections)
        .where(and(inArray(collections.id, wanted), visibleCollections(actor)))
    : [];
  const seen = new Set(rows.map((row) => row.id));
  const unseen = ids.find((id) => !seen.has(id));
  if (unseen !== undefined) throw new AppError(404, 'NOT_FOUND', `collection ${unseen} not found`);
}

/** The actor's role in the `collections` row a query reads (null in one they do not see). */
export const roleInCollection = (actor: Actor) =>
  sql<CollectionRole>`case when ${collections.ownerId} = ${actor.userId} then 'owner' else (
    select ${collectionMembers.role} from ${collectionMembers}
     where ${collectionMembers.collectionId} = ${collections.id} and ${collectionMembers.userId} = ${actor.userId}) end`;

const RANK: Record<CollectionRole, number> = { viewer: 1, editor: 2, owner: 3 };
const NEEDED: Record<CollectionNeed, number> = { read: 1, edit: 2, manage: 3 };

const REFUSAL: Record<Exclude<CollectionNeed, 'read'>, string> = {
  edit: 'a viewer cannot add or remove documents: the collection’s owner can make you an editor',
  manage: 'only the collection’s owner can rename it, delete it or change its members',
};

/** 403 unless the actor's role in a collection they see allows `need` (and their scope). */
export function allowCollection(actor: Actor, role: CollectionRole, need: CollectionNeed) {
  requireScope(actor, need === 'read' ? 'read' : 'write');
  if (need !== 'read' && RANK[role] < NEEDED[need]) throw forbidden(REFUSAL[need]);
}

/**
 * Adding a document shares it with every member: only an owner or editor of the collection may,
 * and only with a document they own (nobody re-shares what was shared with them).
 */
export function allowAddingDocument(actor: Actor, role: CollectionRole, documentOwnerId: string) {
  allowCollection(actor, role, 'edit');
  if (documentOwnerId !== actor.userId)
    throw forbidden('only its owner can add a document to a collection');
}

/** An owner or editor removes any document; a member always withdraws their own. */
export function allowRemovingDocument(actor: Actor, role: CollectionRole, documentOwnerId: string) {
  if (documentOwnerId === actor.userId) return requireScope(actor, 'write');
  allowCollection(actor, role, 'edit');
}

/** The owner removes any member; a member may leave. */
export function allowRemovingMember(actor: Actor, role: CollectionRole, memberId: string) {
  if (memberId === actor.userId) return requireScope(actor, 'write');
  allowCollection(actor, role, 'manage');
}

/**
 * The actor reading one collection only (a chat turn scoped to it), as a token limited to it
 * would: the collection must be one they see (requireVisibleCollections).
 */
export const narrowedTo = (actor: Actor, collectionId: string): Actor => ({
  ...actor,
  collectionIds: [collectionId],
});
