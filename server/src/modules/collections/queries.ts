import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { CollectionRole } from '../../access/collections.js';
import type { Db } from '../../db/client.js';
import { afterCursor, type CursorPosition } from '../../lib/cursor.js';
import { users } from '../auth/tables.js';
import { documents } from '../documents/tables.js';
import { collectionDocuments, collectionMembers, collections, type MemberRole } from './tables.js';

export type CollectionRow = typeof collections.$inferSelect;

/**
 * Which collections a query may read, and the reader's role in each (access/collections.ts):
 * one of the three in every collection the reader sees.
 */
export interface CollectionFilter {
  visible: SQL;
  role: SQL<CollectionRole>;
}

const countOf = (table: typeof collectionDocuments | typeof collectionMembers) =>
  sql<number>`(select count(*) from ${table} where ${table.collectionId} = ${collections.id})`.mapWith(
    Number,
  );

/** A collection with its owner, the reader's role and how many documents and members it has. */
const withDetails = (role: CollectionFilter['role']) => ({
  collection: collections,
  role,
  ownerName: users.name,
  ownerEmail: users.email,
  documentCount: countOf(collectionDocuments),
  memberCount: countOf(collectionMembers),
});

export async function insertCollection(
  db: Db,
  values: typeof collections.$inferInsert,
): Promise<CollectionRow> {
  const [row] = await db.insert(collections).values(values).returning();
  return row!;
}

export async function selectCollection(db: Db, filter: CollectionFilter, id: string) {
  const [row] = await db
    .select(withDetails(filter.role))
    .from(collections)
    .innerJoin(users, eq(users.id, collections.ownerId))
    .where(and(eq(collections.id, id), filter.visible));
  return row;
}

export async function selectCollections(
  db: Db,
  filter: CollectionFilter,
  limit: number,
  after?: CursorPosition,
) {
  return db
    .select(withDetails(filter.role))
    .from(collections)
    .innerJoin(users, eq(users.id, collections.ownerId))
    .where(and(filter.visible, afterCursor(collections.createdAt, collections.id, after)))
    .orderBy(desc(collections.createdAt), desc(collections.id))
    .limit(limit);
}

export type CollectionDetailsRow = NonNullable<Awaited<ReturnType<typeof selectCollection>>>;

export async function updateCollection(
  db: Db,
  id: string,
  changes: { name?: string; description?: string },
) {
  await db
    .update(collections)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(collections.id, id));
}

export async function deleteCollection(db: Db, id: string) {
  await db.delete(collections).where(eq(collections.id, id));
}

/** Adds a document (again: nothing changes); whether it was new to the collection. */
export async function insertCollectionDocument(db: Db, collectionId: string, documentId: string) {
  const inserted = await db
    .insert(collectionDocuments)
    .values({ collectionId, documentId })
    .onConflictDoNothing()
    .returning({ documentId: collectionDocuments.documentId });
  return inserted.length > 0;
}

/** A document of the collection, with its owner; undefined if it is not in it. */
export async function selectCollectionDocument(db: Db, collectionId: string, documentId: string) {
  const [row] = await db
    .select({ documentId: documents.id, ownerId: documents.userId })
    .from(collectionDocuments)
    .innerJoin(documents, eq(documents.id, collectionDocuments.documentId))
    .where(
      and(
        eq(collectionDocuments.collectionId, collectionId),
        eq(collectionDocuments.documentId, documentId),
      ),
    );
  return row;
}

export async function deleteCollectionDocument(db: Db, collectionId: string, documentId: string) {
  await db
    .delete(collectionDocuments)
    .where(
      and(
        eq(collectionDocuments.collectionId, collectionId),
        eq(collectionDocuments.documentId, documentId),
      ),
    );
}

const memberFields = {
  userId: collectionMembers.userId,
  email: users.email,
  name: users.name,
  role: collectionMembers.role,
  addedAt: collectionMembers.addedAt,
};

export type MemberRow = {
  userId: string;
  email: string;
  name: string;
  role: MemberRole;
  addedAt: Date;
};

export const selectMembers = (db: Db, collectionId: string): Promise<MemberRow[]> =>
  db
    .select(memberFields)
    .from(collectionMembers)
    .innerJoin(users, eq(users.id, collectionMembers.userId))
    .where(eq(collectionMembers.collectionId, collectionId))
    .orderBy(asc(collectionMembers.addedAt), asc(users.email));

export async function selectMember(
  db: Db,
  collectionId: string,
  userId: string,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .select(memberFields)
    .from(collectionMembers)
    .innerJoin(users, eq(users.id, collectionMembers.userId))
    .where(
      and(eq(collectionMembers.collectionId, collectionId), eq(collectionMembers.userId, userId)),
    );
  return row;
}

/** False when the user is a member already. */
export async function insertMember(
  db: Db,
  values: { collectionId: string; userId: string; role: MemberRole },
): Promise<boolean> {
  const inserted = await db
    .insert(collectionMembers)
    .values(values)
    .onConflictDoNothing()
    .returning({ userId: collectionMembers.userId });
  return inserted.length > 0;
}

export async function updateMemberRole(
  db: Db,
  collectionId: string,
  userId: string,
  role: MemberRole,
): Promise<boolean> {
  const updated = await db
    .update(collectionMembers)
    .set({ role })
    .where(
      and(eq(collectionMembers.collectionId, collectionId), eq(collectionMembers.userId, userId)),
    )
    .returning({ userId: collectionMembers.userId });
  return updated.length > 0;
}

/**
 * Removes a member and, with them, the documents of theirs they shared in the collection (a
 * document is shared only while its owner belongs to the collection). False if not a member.
 */
export async function deleteMember(db: Db, collectionId: string, userId: string) {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(collectionMembers)
      .where(
        and(eq(collectionMembers.collectionId, collectionId), eq(collectionMembers.userId, userId)),
      )
      .returning({ userId: collectionMembers.userId });
    if (deleted.length === 0) return false;
    const theirs = tx
      .select({ id: documents.id })
      .from(documents)
      .where(eq(documents.userId, userId));
    await tx
      .delete(collectionDocuments)
      .where(
        and(
          eq(collectionDocuments.collectionId, collectionId),
          inArray(collectionDocuments.documentId, theirs),
        ),
      );
    return true;
  });
}

/** An account by email, for adding it as a member. */
export async function selectUserByEmail(db: Db, email: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.email, email.toLowerCase()));
  return row;
}
