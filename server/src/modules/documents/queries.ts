import { setImmediate } from 'node:timers/promises';
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  ne,
  notExists,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/tables.js';
import { afterCursor } from '../../lib/cursor.js';
import type { CursorPosition } from '../../lib/cursor.js';
import {
  documentChunks,
  documents,
  documentSourceParts,
  documentSources,
  documentTextParts,
} from './tables.js';

export type DocumentRow = typeof documents.$inferSelect;
/** A document as its readers see it: with its owner's name. */
export type ReadDocumentRow = DocumentRow & { ownerName: string };
export type NewChunk = Omit<typeof documentChunks.$inferInsert, 'id' | 'documentId' | 'userId'>;

/**
 * A source's bytes are saved and read a part at a time, one statement a part, yielding between
 * parts: PGlite runs every statement on this thread and holds its one connection meanwhile
 * (about 70 ms a megabyte), so a 25 MB upload in one statement would stall every request.
 * Parts are rows of their own (appending to one bytea rewrites it whole, every time).
 */
export const SOURCE_PART_BYTES = 256 * 1024;

/**
 * The bytes cross to the database as base64 text, decoded and encoded by the database: PGlite
 * takes seconds to pass megabytes as a bytea parameter or result, and under a second as base64.
 */
const asBytea = (content: Buffer) => sql<Buffer>`decode(${content.toString('base64')}, 'base64')`;
const partBase64 = sql<string>`encode(${documentSourceParts.content}, 'base64')`;

async function insertSourceParts(db: Db, documentId: string, content: Buffer) {
  for (let part = 0; part * SOURCE_PART_BYTES < content.length; part++) {
    const offset = part * SOURCE_PART_BYTES;
    const bytes = content.subarray(offset, offset + SOURCE_PART_BYTES);
    await db.insert(documentSourceParts).values({ documentId, part, content: asBytea(bytes) });
    await setImmediate();
  }
}

/** A source's bytes a part at a time, one statement a part, yielding between parts. */
export async function* sourceParts(db: Db, documentId: string): AsyncGenerator<Buffer> {
  for (let part = 0; ; part++) {
    const [row] = await db
      .select({ content: partBase64 })
      .from(documentSourceParts)
      .where(
        and(eq(documentSourceParts.documentId, documentId), eq(documentSourceParts.part, part)),
      );
    if (!row) return;
    yield Buffer.from(row.content, 'base64');
    await setImmediate();
  }
}

async function selectSource(db: Db, documentId: string) {
  const parts: Buffer[] = [];
  for await (const part of sourceParts(db, documentId)) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * The document, then its source a part at a time. Its job is enqueued only after this returns,
 * so nothing ingests a half-saved source; if a part fails, the document goes (with its parts).
 */
export async function insertDocument(
  db: Db,
  values: typeof documents.$inferInsert,
  source: { content: Buffer; contentType?: string },
): Promise<DocumentRow> {
  const [row] = await db.insert(documents).values(values).returning();
  try {
    await db.insert(documentSources).values({
      documentId: row!.id,
      contentType: source.contentType,
    });
    await insertSourceParts(db, row!.id, source.content);
  } catch (error) {
    await db.delete(documents).where(eq(documents.id, row!.id));
    throw error;
  }
  return row!;
}

const readRow = ({ document, ownerName }: { document: DocumentRow; ownerName: string }) => ({
  ...document,
  ownerName,
});

/** One document among those `readable` (access/documents.ts) lets the reader read. */
export async function selectDocument(
  db: Db,
  readable: SQL,
  id: string,
): Promise<ReadDocumentRow | undefined> {
  const [row] = await db
    .select({ document: documents, ownerName: users.name })
    .from(documents)
    .innerJoin(users, eq(users.id, documents.userId))
    .where(and(eq(documents.id, id), readable));
  return row && readRow(row);
}

export async function selectDocuments(
  db: Db,
  readable: SQL,
  limit: number,
  after?: CursorPosition,
): Promise<ReadDocumentRow[]> {
  const rows = await db
    .select({ document: documents, ownerName: users.name })
    .from(documents)
    .innerJoin(users, eq(users.id, documents.userId))
    .where(and(readable, afterCursor(documents.createdAt, documents.id, after)))
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(limit);
  return rows.map(readRow);
}

/** Which of these addresses the user has added already as URL documents. */
export async function selectUrlDocumentAddresses(db: Db, userId: string, urls: string[]) {
  if (urls.length === 0) return new Set<string>();
  const rows = await db
    .select({ sourceUrl: documents.sourceUrl })
    .from(documents)
    .where(
      and(
        eq(documents.userId, userId),
        eq(documents.source, 'url'),
        inArray(documents.sourceUrl, urls),
      ),
    );
  return new Set(rows.map((row) => row.sourceUrl));
}

export async function deleteDocument(db: Db, userId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(documents)
    .where(and(eq(documents.id, id), eq(documents.userId, userId)))
    .returning({ id: documents.id });
  return deleted.length > 0;
}

/** For the job, which acts for the document's owner: by id alone. */
export async function selectDocumentWithSource(db: Db, id: string) {
  const [row] = await db
    .select({ document: documents })
    .from(documents)
    .innerJoin(documentSources, eq(documentSources.documentId, documents.id))
    .where(eq(documents.id, id));
  return row && { document: row.document, content: await selectSource(db, id) };
}

export async function updateDocument(db: Db, id: string, changes: Partial<DocumentRow>) {
  await db
    .update(documents)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(documents.id, id));
}

/** A fetched page replaces the source; the job that does so is the only reader meanwhile. */
export async function updateDocumentSource(
  db: Db,
  id: string,
  content: Buffer,
  contentType: string | undefined,
) {
  await db.delete(documentSourceParts).where(eq(documentSourceParts.documentId, id));
  await db.update(documentSources).set({ contentType }).where(eq(documentSources.documentId, id));
  await insertSourceParts(db, id, content);
}

/**
 * Deletes up to `limit` of a document's chunks in one statement; the number deleted. Chunks are
 * replaced a batch at a time, never in one long transaction: PGlite has one connection, and a
 * transaction holds it (every other request waits) until it ends.
 */
export async function deleteChunks(db: Db, documentId: string, limit: number) {
  const batch = db
    .select({ id: documentChunks.id })
    .from(documentChunks)
    .where(eq(documentChunks.documentId, documentId))
    .limit(limit);
  const deleted = await db
    .delete(documentChunks)
    .where(inArray(documentChunks.id, batch))
    .returning({ id: documentChunks.id });
  return deleted.length;
}

/** The extracted text is written and read in parts of this many characters, like the source. */
export const TEXT_PART_CHARS = 256 * 1024;

/** Replaces a document's extracted text, a part a statement. */
export async function replaceTextParts(db: Db, documentId: string, text: string) {
  await db.delete(documentTextParts).where(eq(documentTextParts.documentId, documentId));
  for (let part = 0; part * TEXT_PART_CHARS < text.length; part++) {
    const content = text.slice(part * TEXT_PART_CHARS, (part + 1) * TEXT_PART_CHARS);
    await db.insert(documentTextParts).values({ documentId, part, content });
    await setImmediate();
  }
}

/** A document's extracted text a part at a time, one statement a part, yielding between parts. */
export async function* textParts(db: Db, documentId: string): AsyncGenerator<string> {
  for (let part = 0; ; part++) {
    const [row] = await db
      .select({ content: documentTextParts.content })
      .from(documentTextParts)
      .where(and(eq(documentTextParts.documentId, documentId), eq(documentTextParts.part, part)));
    if (!row) return;
    yield row.content;
    await setImmediate();
  }
}

/** Where each of a document's chunks is in its text, in order: the sections the text has. */
export async function selectChunkPlaces(db: Db, documentId: string) {
  return db
    .select({
      chunkId: documentChunks.id,
      start: documentChunks.charStart,
      end: documentChunks.charEnd,
      heading: documentChunks.heading,
      anchor: documentChunks.anchor,
      page: documentChunks.page,
      ocr: documentChunks.ocr,
    })
    .from(documentChunks)
    .where(eq(documentChunks.documentId, documentId))
    .orderBy(asc(documentChunks.chunkIndex));
}

/**
 * The owner of chunks stored for a refresh before they replace the old ones: nobody (no user id
 * is empty), so search, which reads one user's chunks, never sees them half stored.
 */
const STAGED = '';

/**
 * `staged`: stored for nobody until swapStagedChunks gives them to the owner. Otherwise for the
 * document's owner as it is now, read under a share lock: an account deleted while the document
 * was ingested may have given it to another (updateDocumentsOwner), and the row the job read at
 * its start names the old owner. False (nothing stored) when the document is gone.
 */
export async function insertChunks(
  db: Db,
  documentId: string,
  chunks: NewChunk[],
  staged = false,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [owner] = await tx
      .select({ userId: documents.userId })
      .from(documents)
      .where(eq(documents.id, documentId))
      .for('share');
    if (!owner) return false;
    const userId = staged ? STAGED : owner.userId;
    await tx.insert(documentChunks).values(chunks.map((c) => ({ ...c, documentId, userId })));
    return true;
  });
}

/** Chunks a refresh that did not finish had staged. */
export async function deleteStagedChunks(db: Db, documentId: string) {
  await db
    .delete(documentChunks)
    .where(and(eq(documentChunks.documentId, documentId), eq(documentChunks.userId, STAGED)));
}

/**
 * A refreshed document in one transaction: its old chunks go, the staged ones become its own,
 * its text is replaced, and it is ready; search sees the old document or the new one, never a
 * mix. False (and nothing changed) when it is no longer processing: it was cancelled.
 */
export async function swapStagedChunks(
  db: Db,
  document: DocumentRow,
  text: string,
  changes: Partial<DocumentRow>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // The update locks the row, and its owner is read as it is now (see insertChunks).
    const [ready] = await tx
      .update(documents)
      .set({ ...changes, status: 'ready', progress: 100, error: null, updatedAt: new Date() })
      .where(and(eq(documents.id, document.id), eq(documents.status, 'processing')))
      .returning({ userId: documents.userId });
    if (!ready) return false;
    await tx
      .delete(documentChunks)
      .where(and(eq(documentChunks.documentId, document.id), ne(documentChunks.userId, STAGED)));
    await tx
      .update(documentChunks)
      .set({ userId: ready.userId })
      .where(and(eq(documentChunks.documentId, document.id), eq(documentChunks.userId, STAGED)));
    await tx.delete(documentTextParts).where(eq(documentTextParts.documentId, document.id));
    for (let part = 0; part * TEXT_PART_CHARS < text.length; part++)
      await tx.insert(documentTextParts).values({
        documentId: document.id,
        part,
        content: text.slice(part * TEXT_PART_CHARS, (part + 1) * TEXT_PART_CHARS),
      });
    return true;
  });
}

/**
 * Claims up to `limit` URL documents whose last fetch (or claim) is older than `hours`, each for
 * one process only (SKIP LOCKED, and the claim is recorded in the same statement); their ids.
 */
export async function updateDueRefreshesToClaimed(db: Db, hours: number, limit: number) {
  const due = sql`now() - make_interval(hours => ${hours})`;
  const candidates = db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.source, 'url'),
        eq(documents.status, 'ready'),
        sql`coalesce(${documents.refreshClaimedAt}, ${documents.fetchedAt}, ${documents.updatedAt}) < ${due}`,
      ),
    )
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(documents)
    .set({ refreshClaimedAt: new Date() })
    .where(inArray(documents.id, candidates))
    .returning({ id: documents.id });
  return claimed.map((row) => row.id);
}

/** A ready URL document is queued for a refresh; the row, or undefined if it is not one. */
export async function updateDocumentToRefreshing(db: Db, id: string) {
  const [row] = await db
    .update(documents)
    .set({ status: 'queued', progress: 0, error: null, updatedAt: new Date() })
    .where(
      and(
        eq(documents.id, id),
        eq(documents.source, 'url'),
        inArray(documents.status, ['ready', 'failed']),
      ),
    )
    .returning();
  return row;
}

/**
 * Queues every ready document that an older Docket ingested without keeping its text and where
 * each chunk is in it (GET /api/documents/:id/text answers TEXT_NOT_KEPT); for any owner.
 */
export async function updateDocumentsWithoutPlacesToQueued(db: Db) {
  const placed = db
    .select({ one: sql`1` })
    .from(documentChunks)
    .where(and(eq(documentChunks.documentId, documents.id), isNotNull(documentChunks.charStart)));
  const kept = db
    .select({ one: sql`1` })
    .from(documentTextParts)
    .where(eq(documentTextParts.documentId, documents.id));
  const rows = await db
    .update(documents)
    .set({ status: 'queued', progress: 0, error: null, updatedAt: new Date() })
    .where(
      and(
        eq(documents.status, 'ready'),
        gt(documents.chunkCount, 0),
        or(notExists(placed), notExists(kept)),
      ),
    )
    .returning({ id: documents.id });
  return rows.map((row) => row.id);
}

/** Ingestion is under way for a queued or processing document; a cancelled one is `failed`. */
const UNSETTLED = ['queued', 'processing'] as const;

/** Changes a document only while it is queued or processing; the row, or undefined if not. */
export async function updateUnsettledDocument(db: Db, id: string, changes: Partial<DocumentRow>) {
  const [row] = await db
    .update(documents)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(documents.id, id), inArray(documents.status, UNSETTLED)))
    .returning();
  return row;
}

/**
 * A job starts ingesting: the document becomes `processing`, unless it has `failed` (it was
 * cancelled; no job is enqueued for a document that failed otherwise). A ready document's
 * repeated job ingests it again. False when it does not start.
 */
export async function updateDocumentToProcessing(db: Db, id: string): Promise<boolean> {
  const updated = await db
    .update(documents)
    .set({ status: 'processing', progress: 5, error: null, updatedAt: new Date() })
    .where(and(eq(documents.id, id), ne(documents.status, 'failed')))
    .returning({ id: documents.id });
  return updated.length > 0;
}

/**
 * Changes a document its job is ingesting; false when it is no longer `processing` (it was
 * cancelled), so the job stops without overwriting what the cancel wrote.
 */
export async function updateDocumentWhileProcessing(
  db: Db,
  id: string,
  changes: Partial<DocumentRow>,
): Promise<boolean> {
  const updated = await db
    .update(documents)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(documents.id, id), eq(documents.status, 'processing')))
    .returning({ id: documents.id });
  return updated.length > 0;
}

/** `changes`: the chunk count and title, and for a page fetched anew what it was made from. */
export async function updateDocumentToReady(
  db: Db,
  id: string,
  changes: Pick<DocumentRow, 'chunkCount' | 'title'> & Partial<DocumentRow>,
) {
  return updateDocumentWhileProcessing(db, id, {
    ...changes,
    status: 'ready',
    progress: 100,
    error: null,
  });
}

/** The model chunks are embedded with: its id and its vector size. */
interface EmbeddingModel {
  id: string;
  dimensions: number;
}

const embeddedByOther = (model: EmbeddingModel) =>
  or(ne(documentChunks.embeddingModel, model.id), ne(documentChunks.dimensions, model.dimensions));

/** Up to `limit` chunks embedded by another model than `model`, in id order after `afterId`. */
export async function selectStaleChunks(
  db: Db,
  model: EmbeddingModel,
  afterId: string,
  limit: number,
) {
  return db
    .select({ id: documentChunks.id, text: documentChunks.text, heading: documentChunks.heading })
    .from(documentChunks)
    .where(and(embeddedByOther(model), gt(documentChunks.id, afterId)))
    .orderBy(asc(documentChunks.id))
    .limit(limit);
}

/** Sets each chunk's embedding by `model`, all in one transaction. */
export async function updateChunkEmbeddings(
  db: Db,
  model: EmbeddingModel,
  embeddings: { id: string; embedding: number[] }[],
) {
  await db.transaction(async (tx) => {
    for (const { id, embedding } of embeddings)
      await tx
        .update(documentChunks)
        .set({ embedding, embeddingModel: model.id, dimensions: model.dimensions })
        .where(eq(documentChunks.id, id));
  });
}

export async function countStaleChunks(db: Db, model: EmbeddingModel): Promise<number> {
  const [row] = await db.select({ n: count() }).from(documentChunks).where(embeddedByOther(model));
  return row?.n ?? 0;
}

/**
 * Gives every document of `userId`, and its chunks (their owner is copied for search), to
 * `newUserId`; how many documents. One statement for all the chunks: on the embedded database
 * it holds the connection while it runs (an account being deleted, rarely). The documents go
 * first: their row locks make an ingestion storing chunks meanwhile either finish before the
 * chunks are moved (and its chunks move too) or wait and store them for the new owner.
 */
export async function updateDocumentsOwner(db: Db, userId: string, newUserId: string) {
  const moved = await db
    .update(documents)
    .set({ userId: newUserId })
    .where(eq(documents.userId, userId))
    .returning({ id: documents.id });
  await db
    .update(documentChunks)
    .set({ userId: newUserId })
    .where(eq(documentChunks.userId, userId));
  return moved.length;
}
