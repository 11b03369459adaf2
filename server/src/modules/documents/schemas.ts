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
  /** URL documents: when the page was last fetched, changed or not; null before it was. */
  fetchedAt: z.string().nullable(),
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
    fetchedAt: row.fetchedAt?.toISOString() ?? null,
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

/** A run of the document's text under one heading (and page, anchor, OCR or not). */
export const textSection = z.object({
  start: z.number(),
  end: z.number(),
  heading: z.string().optional(),
  anchor: z.string().optional(),
  page: z.number().optional(),
  ocr: z.boolean(),
});

export const documentTextResponse = z.object({
  documentId: z.string(),
  kind: z.enum(SOURCE_KINDS).nullable(),
  /** What the chunks' charStart and charEnd (in search results and citations) point into. */
  text: z.string(),
  sections: z.array(textSection),
});
export type DocumentTextView = z.infer<typeof documentTextResponse>;

type ChunkPlace = {
  start: number | null;
  end: number | null;
  heading: string | null;
  anchor: string | null;
  page: number | null;
  ocr: boolean;
};

/** The text with its sections: consecutive chunks under the same heading, page and anchor. */
export function toDocumentTextView(
  document: Pick<ReadDocumentRow, 'id' | 'kind'>,
  text: string,
  places: ChunkPlace[],
): DocumentTextView {
  const sections: z.infer<typeof textSection>[] = [];
  let last: ChunkPlace | undefined;
  for (const place of places) {
    if (place.start === null || place.end === null) continue;
    const current = sections.at(-1);
    const same =
      last &&
      current &&
      last.heading === place.heading &&
      last.anchor === place.anchor &&
      last.page === place.page &&
      last.ocr === place.ocr;
    if (same) current.end = Math.max(current.end, place.end);
    else
      sections.push({
        start: place.start,
        end: place.end,
        ...(place.heading === null ? {} : { heading: place.heading }),
        ...(place.anchor === null ? {} : { anchor: place.anchor }),
        ...(place.page === null ? {} : { page: place.page }),
        ocr: place.ocr,
      });
    last = place;
  }
  return { documentId: document.id, kind: document.kind, text, sections };
}

export const documentListResponse = z.object({
  items: z.array(documentResponse),
  nextCursor: z.string().nullable(),
});

export const ingestPayload = z.object({
  documentId: z.string().uuid(),
  /** Fetch a ready URL document again: unchanged, it stays as it is; changed, its chunks are swapped. */
  refresh: z.boolean().optional(),
  /** With refresh: read the stored bytes again, a URL document's too, instead of fetching them. */
  stored: z.boolean().optional(),
  /** A page a sitemap added: a sitemap again is not followed (sitemap-pages.ts). */
  fromSitemap: z.boolean().optional(),
});
