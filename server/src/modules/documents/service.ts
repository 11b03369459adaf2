// Documents: added at once (202, queued), ingested by a job, read and deleted only by their owner.
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { decodeCursor, page } from '../../lib/cursor.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { assertFetchable, BlockedUrlError } from '../../lib/safe-fetch.js';
import type { JobQueue } from '../../queue/index.js';
import { sniffKind } from './extract.js';
import { ingestJob } from './jobs.js';
import {
  deleteDocumentRow,
  insertDocument,
  selectDocument,
  selectDocuments,
  type DocumentRow,
} from './queries.js';
import type { DocumentView } from './schemas.js';

export function documentView(row: DocumentRow): DocumentView {
  return {
    id: row.id,
    title: row.title,
    source: row.source,
    sourceUrl: row.sourceUrl,
    fileName: row.fileName,
    kind: row.kind,
    sizeBytes: row.sizeBytes,
    status: row.status,
    progress: row.progress,
    error: row.error,
    chunkCount: row.chunkCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function queue(
  db: Db,
  jobs: JobQueue,
  values: Parameters<typeof insertDocument>[1],
  source: Parameters<typeof insertDocument>[2],
) {
  const row = await insertDocument(db, values, source);
  await jobs.enqueue(ingestJob, { documentId: row.id });
  return { id: row.id, status: 'queued' as const };
}

const titleFromName = (name: string) =>
  name
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim() || name;

export async function addUpload(
  db: Db,
  jobs: JobQueue,
  userId: string,
  file: { name: string; bytes: Buffer },
) {
  const kind = sniffKind(file.bytes, file.name);
  if (!kind)
    throw new AppError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'unsupported file: Docket reads PDF, HTML, Markdown and plain text',
    );
  return queue(
    db,
    jobs,
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
  jobs: JobQueue,
  userId: string,
  input: { title: string; text: string },
) {
  const content = Buffer.from(input.text, 'utf8');
  const kind = sniffKind(content, 'pasted.md') ?? 'text';
  return queue(
    db,
    jobs,
    { userId, title: input.title, source: 'text', kind, sizeBytes: content.length },
    { content },
  );
}

export async function addUrl(
  db: Db,
  jobs: JobQueue,
  config: Config,
  userId: string,
  input: { url: string; title?: string },
) {
  try {
    await assertFetchable(input.url, { allowedHosts: config.ingestAllowedHosts });
  } catch (error) {
    if (error instanceof BlockedUrlError) throw new AppError(400, 'URL_NOT_ALLOWED', error.message);
    throw error;
  }
  const title = input.title ?? new URL(input.url).hostname;
  return queue(
    db,
    jobs,
    { userId, title, source: 'url', sourceUrl: input.url },
    { content: Buffer.alloc(0) },
  );
}

export async function getDocument(db: Db, userId: string, id: string): Promise<DocumentView> {
  const row = isUuid(id) ? await selectDocument(db, userId, id) : undefined;
  if (!row) throw notFound('document');
  return documentView(row);
}

export async function listDocuments(
  db: Db,
  userId: string,
  query: { limit: number; cursor?: string },
) {
  const rows = await selectDocuments(
    db,
    userId,
    query.limit + 1,
    query.cursor ? decodeCursor(query.cursor) : undefined,
  );
  return page(rows, query.limit, documentView);
}

/** Its chunks and source go with it (foreign keys cascade). */
export async function deleteDocument(db: Db, userId: string, id: string) {
  if (!isUuid(id) || !(await deleteDocumentRow(db, userId, id))) throw notFound('document');
}
