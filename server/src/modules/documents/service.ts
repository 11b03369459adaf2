// Documents: added at once (202, queued), ingested by a job; read and downloaded by whoever
// access/documents.ts lets read them (their owner, members of a collection holding them),
// cancelled and deleted only by their owner.
import { Readable } from 'node:stream';
import type { Actor } from '../../access/actor.js';
import { requireVisibleCollections } from '../../access/collections.js';
import { allowDocument, readableDocuments, type DocumentNeed } from '../../access/documents.js';
import { ownerFor } from '../../access/owned.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { decodeCursor, page } from '../../lib/cursor.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { assertFetchable, BlockedUrlError } from '../../lib/safe-fetch.js';
import type { JobQueue } from '../../queue/index.js';
import { sniffKind, unsupportedReason } from './extract.js';
import { deleteAllChunks } from './batches.js';
import { ingestJob } from './jobs.js';
import { originalHeaders } from './original.js';
import {
  deleteDocument,
  insertDocument,
  selectDocument,
  selectChunkPlaces,
  selectDocuments,
  sourceParts,
  textParts,
  updateDocumentToRefreshing,
  updateUnsettledDocument,
} from './queries.js';
import {
  toDocumentTextView,
  toDocumentView,
  type DocumentView,
  type ListDocuments,
} from './schemas.js';

/** Saves the document with its whole source, then enqueues its ingestion. */
async function addDocument(
  db: Db,
  queue: JobQueue,
  values: Parameters<typeof insertDocument>[1],
  source: Parameters<typeof insertDocument>[2],
) {
  const row = await insertDocument(db, values, source);
  await queue.enqueue(ingestJob, { documentId: row.id });
  return { id: row.id, status: 'queued' as const };
}

const titleFromName = (name: string) =>
  name
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim() || name;

export async function addUpload(
  db: Db,
  queue: JobQueue,
  actor: Actor,
  file: { name: string; bytes: Buffer },
) {
  const userId = ownerFor(actor, 'write');
  const kind = await sniffKind(file.bytes, file.name);
  if (!kind)
    throw new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `unsupported file (${unsupportedReason(file.bytes)}): Docket reads PDF, Word (DOCX), Excel (XLSX), CSV, PowerPoint (PPTX), EPUB, HTML, Markdown, source code, plain text and PNG or JPEG pictures (by OCR)`,
    );
  return addDocument(
    db,
    queue,
    {
      userId,
      title: titleFromName(file.name),
      source: 'upload',
      fileName: file.name,
      kind,
      sizeBytes: file.bytes.length,
    },
    { content: file.bytes },
  );
}

export async function addText(
  db: Db,
  queue: JobQueue,
  actor: Actor,
  input: { title: string; text: string },
) {
  const userId = ownerFor(actor, 'write');
  const content = Buffer.from(input.text, 'utf8');
  const kind = (await sniffKind(content, 'pasted.md')) ?? 'text';
  return addDocument(
    db,
    queue,
    { userId, title: input.title, source: 'text', kind, sizeBytes: content.length },
    { content },
  );
}

export async function addUrl(
  db: Db,
  queue: JobQueue,
  config: Config,
  actor: Actor,
  input: { url: string; title?: string },
) {
  const userId = ownerFor(actor, 'write');
  try {
    await assertFetchable(input.url, { allowedHosts: config.ingestAllowedHosts });
  } catch (error) {
    if (error instanceof BlockedUrlError) throw new AppError(400, 'URL_NOT_ALLOWED', error.message);
    throw error;
  }
  const title = input.title ?? new URL(input.url).hostname;
  return addDocument(
    db,
    queue,
    { userId, title, source: 'url', sourceUrl: input.url },
    { content: Buffer.alloc(0) },
  );
}

/**
 * A document the actor reads, if `need` is allowed on it: 404 for one they may not read (whether
 * it exists is not told), 403 for one they read but may not change.
 */
async function documentFor(db: Db, actor: Actor, id: string, need: DocumentNeed) {
  const row = isUuid(id) ? await selectDocument(db, readableDocuments(actor), id) : undefined;
  if (!row) throw notFound('document');
  allowDocument(actor, row, need);
  return row;
}

export async function getDocument(db: Db, actor: Actor, id: string): Promise<DocumentView> {
  return toDocumentView(await documentFor(db, actor, id, 'read'));
}

/** The original bytes as stored (a URL's: as fetched), streamed a part at a time. */
export async function openOriginal(db: Db, actor: Actor, id: string) {
  const document = await documentFor(db, actor, id, 'read');
  return { headers: originalHeaders(document), body: Readable.from(sourceParts(db, document.id)) };
}

/**
 * Fetches a URL document again (a job): an unchanged page only records when it was fetched; a
 * changed one replaces the chunks in one transaction, the old ones searchable until then. 409
 * for a document that is not a URL, or whose ingestion is under way.
 */
export async function refreshDocument(
  db: Db,
  queue: JobQueue,
  actor: Actor,
  id: string,
): Promise<DocumentView> {
  const document = await documentFor(db, actor, id, 'manage');
  if (document.source !== 'url')
    throw new AppError(409, 'NOT_A_URL', 'only a document added from a URL can be fetched again');
  const queued = await updateDocumentToRefreshing(db, document.id);
  if (!queued)
    throw new AppError(
      409,
      'DOCUMENT_BUSY',
      `the document is ${document.status}: it is being fetched already`,
    );
  await queue.enqueue(ingestJob, { documentId: document.id, refresh: true });
  return toDocumentView({ ...queued, ownerName: document.ownerName });
}

/**
 * The text Docket extracted from a ready document, with its sections and where they are in it:
 * what a citation's charStart and charEnd point into. 409 before it is ready, and for one
 * ingested before the text was kept (it has none until it is ingested again).
 */
export async function getDocumentText(db: Db, actor: Actor, id: string) {
  const document = await documentFor(db, actor, id, 'read');
  if (document.status !== 'ready')
    throw new AppError(409, 'DOCUMENT_NOT_READY', `the document is ${document.status}, not ready`);
  let text = '';
  for await (const part of textParts(db, document.id)) text += part;
  const places = await selectChunkPlaces(db, document.id);
  if (!text || places.every((place) => place.start === null))
    throw new AppError(
      409,
      'TEXT_NOT_KEPT',
      'the document was ingested by an older Docket, which kept no text positions: `docket documents rechunk` reads it again from its stored bytes',
    );
  return toDocumentTextView(document, text, places);
}

/**
 * Ends a queued or processing document `failed` with "cancelled" and deletes its chunks; a job
 * that is running it notices at its next step and stops (ingest.ts). 409 once it has settled.
 */
export async function cancelDocument(db: Db, actor: Actor, id: string): Promise<DocumentView> {
  const document = await documentFor(db, actor, id, 'manage');
  const cancelled = await updateUnsettledDocument(db, document.id, {
    status: 'failed',
    error: 'cancelled',
    chunkCount: 0,
  });
  if (!cancelled) {
    const { status } = await documentFor(db, actor, id, 'manage');
    throw new AppError(
      409,
      'DOCUMENT_SETTLED',
      `the document is already ${status}: only a queued or processing document can be cancelled`,
    );
  }
  await deleteAllChunks(db, document.id);
  return toDocumentView({ ...cancelled, ownerName: document.ownerName });
}

/** What the actor reads, newest first: their own and the shared, or one collection's. */
export async function listDocuments(db: Db, actor: Actor, query: ListDocuments) {
  if (query.collectionId) await requireVisibleCollections(db, actor, [query.collectionId]);
  const rows = await selectDocuments(
    db,
    readableDocuments(actor, query.collectionId),
    query.limit + 1,
    query.cursor ? decodeCursor(query.cursor) : undefined,
  );
  return page(rows, query.limit, toDocumentView);
}

/** Its chunks and source go with it, and it leaves every collection (foreign keys cascade). */
export async function removeDocument(db: Db, actor: Actor, id: string) {
  await documentFor(db, actor, id, 'manage');
  if (!(await deleteDocument(db, actor.userId, id))) throw notFound('document');
}
