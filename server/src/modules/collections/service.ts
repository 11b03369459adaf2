// Collections: documents shared with people. Who may do what is decided in access/collections.ts;
// here, the reading and writing. A collection the caller does not see is "not found", exactly
// like a missing one; one they see but may not change answers 403.
import { fullAccess, type Actor } from '../../access/actor.js';
import {
  allowAddingDocument,
  allowCollection,
  allowRemovingDocument,
  allowRemovingMember,
  roleInCollection,
  visibleCollections,
  type CollectionNeed,
} from '../../access/collections.js';
import { ownerFor } from '../../access/owned.js';
import type { Db } from '../../db/client.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { AppError, invalidInput, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { getDocument } from '../documents/service.js';
import {
  deleteCollection,
  deleteCollectionDocument,
  deleteMember,
  insertCollection,
  insertCollectionDocument,
  insertMember,
  selectCollection,
  selectCollectionDocument,
  selectCollections,
  selectMember,
  selectMembers,
  selectUserByEmail,
  updateCollection,
  updateMemberRole,
  type CollectionDetailsRow,
} from './queries.js';
import {
  toCollectionView,
  toMemberView,
  type AddMember,
  type ChangeCollection,
  type CreateCollection,
  type ListCollections,
} from './schemas.js';
import type { MemberRole } from './tables.js';

const filterFor = (actor: Actor) => ({
  visible: visibleCollections(actor),
  role: roleInCollection(actor),
});

/** The collection, if the actor sees it and their role allows `need`: 404, or 403. */
async function collectionFor(
  db: Db,
  actor: Actor,
  id: string,
  need: CollectionNeed,
): Promise<CollectionDetailsRow> {
  const row = isUuid(id) ? await selectCollection(db, filterFor(actor), id) : undefined;
  if (!row) throw notFound('collection');
  allowCollection(actor, row.role, need);
  return row;
}

export async function createCollection(db: Db, actor: Actor, input: CreateCollection) {
  const row = await insertCollection(db, { ...input, ownerId: ownerFor(actor, 'write') });
  // Read back as anyone reads it (a token limited to other collections would not see it).
  return getCollection(db, fullAccess(actor.userId), row.id);
}

export async function getCollection(db: Db, actor: Actor, id: string) {
  return toCollectionView(await collectionFor(db, actor, id, 'read'));
}

export async function listCollections(db: Db, actor: Actor, query: ListCollections) {
  const rows = await selectCollections(
    db,
    filterFor(actor),
    query.limit + 1,
    query.cursor ? decodeCursor(query.cursor) : undefined,
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1)?.collection;
  return {
    items: items.map(toCollectionView),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

export async function changeCollection(
  db: Db,
  actor: Actor,
  id: string,
  changes: ChangeCollection,
) {
  await collectionFor(db, actor, id, 'manage');
  await updateCollection(db, id, changes);
  return getCollection(db, actor, id);
}

/** Its documents stay their owners' (shared no more through it); its memberships go. */
export async function removeCollection(db: Db, actor: Actor, id: string) {
  await collectionFor(db, actor, id, 'manage');
  await deleteCollection(db, id);
}

export async function addDocumentToCollection(
  db: Db,
  actor: Actor,
  id: string,
  documentId: string,
) {
  const { role } = await collectionFor(db, actor, id, 'read');
  const document = await getDocument(db, actor, documentId);
  allowAddingDocument(actor, role, document.owner.id);
  await insertCollectionDocument(db, id, document.id);
}

export async function removeDocumentFromCollection(
  db: Db,
  actor: Actor,
  id: string,
  documentId: string,
) {
  const { role } = await collectionFor(db, actor, id, 'read');
  const held = isUuid(documentId) ? await selectCollectionDocument(db, id, documentId) : undefined;
  if (!held) throw notFound('document');
  allowRemovingDocument(actor, role, held.ownerId);
  await deleteCollectionDocument(db, id, documentId);
}

export async function listMembers(db: Db, actor: Actor, id: string) {
  await collectionFor(db, actor, id, 'read');
  return { items: (await selectMembers(db, id)).map(toMemberView) };
}

async function memberOf(db: Db, id: string, userId: string) {
  const member = await selectMember(db, id, userId);
  if (!member) throw notFound('member');
  return toMemberView(member);
}

export async function addMember(db: Db, actor: Actor, id: string, input: AddMember) {
  const { collection } = await collectionFor(db, actor, id, 'manage');
  const user = await selectUserByEmail(db, input.email);
  if (!user)
    throw new AppError(
      404,
      'USER_NOT_FOUND',
      `no account has the email ${input.email}: they need an account on this server first`,
    );
  if (user.id === collection.ownerId)
    throw invalidInput('email', 'that is the collection’s owner, who is not a member');
  if (!(await insertMember(db, { collectionId: id, userId: user.id, role: input.role })))
    throw new AppError(
      409,
      'ALREADY_MEMBER',
      `${input.email} is a member already: change their role instead`,
    );
  return memberOf(db, id, user.id);
}

export async function changeMember(
  db: Db,
  actor: Actor,
  id: string,
  userId: string,
  role: MemberRole,
) {
  await collectionFor(db, actor, id, 'manage');
  if (!(await updateMemberRole(db, id, userId, role))) throw notFound('member');
  return memberOf(db, id, userId);
}

/** The owner removes a member, or a member leaves; their documents leave with them. */
export async function removeMember(db: Db, actor: Actor, id: string, userId: string) {
  const { role } = await collectionFor(db, actor, id, 'read');
  allowRemovingMember(actor, role, userId);
  if (!(await deleteMember(db, id, userId))) throw notFound('member');
}
