import type { Readable } from 'node:stream';
import { z } from 'zod';
import { cursor, id, idParams, line } from '../../lib/input.js';
import type { ReadDocumentRow } from './queries.js';
import { SOURCE_KINDS } from './kinds.js';

export const documentStatus = z.enum(['queued', 'processing', 'ready', 'failed']);

export const addUrlBody = z.strictObject({
  url: line.min(1).max(2048),
  title: line.min(1).max(300).optional(),
});

export const addTextBody = z.strictObject({
  title: line.min(1, 'give the text a title').max(300),
  // The document itself, stored as bytes: ingestion makes any text storable (NUL included).
  text: z.string().refine((t) => t.trim().length > 0, 'the text is empty'),
});

/** JSON bodies: a URL to fetch, or pasted text. (Files come as multipart/form-data.) */
export const addDocumentJsonBody = z.union([addUrlBody, addTextBody]);

export const documentIdParams = idParams;

export const listDocumentsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursor.optional(),
  /** Only this collection's documents (by default: yours and those shared with you). */
  collectionId: id.optional(),
});
export type ListDocuments = z.infer<typeof listDocumentsQuery>;

export const acceptedResponse = z.object({ id: z.string(), status: z.literal('queued') });

export const documentResponse = z.object({
  id: z.string(),
  title: z.string(),
  source: z.enum(['upload', 'url', 'text']),
  sourceUrl: z.string().nullable(),
  fileName: z.string().nullable(),
  kind: z.enum(SOURCE_KINDS).nullable(),
  sizeBytes: z.number(),
  status: documentStatus,
  progress: z.number(),
  error: z.string().nullable(),
  chunkCount: z.number(),
  /** Who owns it: you, or who shared it with you through a collection. */
  owner: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DocumentView = z.infer<typeof documentResponse>;

export function toDocumentView(row: ReadDocumentRow): DocumentView {
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
    owner: { id: row.userId, name: row.ownerName },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The original bytes (GET /api/documents/:id/original): a stream, binary in OpenAPI. */
export const originalResponse = {
  description: 'The original file, as a download (Content-Disposition: attachment)',
  content: {
    'application/octet-stream': {
      schema: z.custom<Readable>().meta({ type: 'string', format: 'binary' }),
    },
  },
};

export const documentListResponse = z.object({
  items: z.array(documentResponse),
  nextCursor: z.string().nullable(),
});

export const ingestPayload = z.object({ documentId: z.string().uuid() });
