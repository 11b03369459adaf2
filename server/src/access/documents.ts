// Documents: the owner does everything with a document; a member of a collection that holds it
// (or that collection's owner) reads it: finds it in search and chat, cites it, sees it and
// downloads its original. Only the owner cancels its ingestion or deletes it. A document in no
// collection is its owner's alone. A token limited to collections reads only their documents.
// These conditions are what every query that reads documents or their chunks filters by:
// documents' routes, search (REST, MCP, the chat agent) and citations alike.
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { collectionDocuments } from '../modules/collections/tables.js';
import { documentChunks, documents } from '../modules/documents/tables.js';
import { forbidden, requireScope, type Actor } from './actor.js';
import { visibleCollectionIds } from './collections.js';

const qb = new QueryBuilder();

/** The documents of the collections the actor sees (or of one of them). */
function sharedDocumentIds(actor: Actor, collectionId?: string) {
  return qb
    .selectDistinct({ id: collectionDocuments.documentId })
    .from(collectionDocuments)
    .where(
      and(
        inArray(collectionDocuments.collectionId, visibleCollectionIds(actor)),
        collectionId === undefined ? undefined : eq(collectionDocuments.collectionId, collectionId),
      ),
    );
}

/**
 * What the actor reads, as a condition on `document id` and `owner` columns: their own documents
 * and the shared ones, or only one collection's; a token limited to collections never reads a
 * document outside them, its user's own included.
 */
function readable(
  actor: Actor,
  id: typeof documents.id | typeof documentChunks.documentId,
  owner: typeof documents.userId | typeof documentChunks.userId,
  collectionId?: string,
): SQL {
  const shared = inArray(id, sharedDocumentIds(actor, collectionId));
  if (actor.collectionIds || collectionId !== undefined) return shared;
  return or(eq(owner, actor.userId), shared)!;
}

/** A condition on `documents`: the rows the actor reads (within one collection, if given). */
export const readableDocuments = (actor: Actor, collectionId?: string) =>
  readable(actor, documents.id, documents.userId, collectionId);

/**
 * The same on `document_chunks`, which carries its document's owner: the search's HNSW and GIN
 * scans filter each candidate by the owner column or by the shared documents, a set PostgreSQL
 * works out once per statement (a hashed subplan); bench:search compares it with the owner
 * column alone.
 */
export const readableChunks = (actor: Actor, collectionId?: string) =>
  readable(actor, documentChunks.documentId, documentChunks.userId, collectionId);

export type DocumentNeed = 'read' | 'manage';

/** 403 for a document the actor reads but may not cancel or delete (only its owner may). */
export function allowDocument(actor: Actor, document: { userId: string }, need: DocumentNeed) {
  requireScope(actor, need === 'read' ? 'read' : 'write');
  if (need === 'manage' && document.userId !== actor.userId)
    throw forbidden('only the owner of a shared document can cancel or delete it');
}

/** Which of these documents the actor may read now (citations are re-checked with it). */
export async function readableAmong(
  db: Db,
  actor: Actor,
  documentIds: readonly string[],
): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const rows = await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(inArray(documents.id, [...new Set(documentIds)]), readableDocuments(actor)));
  return new Set(rows.map((row) => row.id));
}
