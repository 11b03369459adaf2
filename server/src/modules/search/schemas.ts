import { z } from 'zod';
import { id, line } from '../../lib/input.js';
import type { PassageRow } from './queries.js';

export const searchQuery = z.strictObject({
  q: line.min(1, 'give something to search for').max(1000),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  /** Only this collection's documents (by default: every document the user may read). */
  collectionId: id.optional(),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchResult = z.object({
  documentId: z.string(),
  title: z.string(),
  chunkId: z.string(),
  text: z.string(),
  score: z.number(),
  page: z.number().optional(),
  heading: z.string().optional(),
  /** The passage was read by OCR from a scan or a picture: its words may be misread. */
  ocr: z.boolean(),
  /**
   * Where the passage is in the document's text (GET /api/documents/:id/text): text is
   * its [charStart, charEnd). Missing for passages stored before Docket kept positions.
   */
  charStart: z.number().optional(),
  charEnd: z.number().optional(),
  /** Its heading's anchor in the original: an HTML page's id (sourceUrl#anchor), a Markdown slug. */
  anchor: z.string().optional(),
  /** With a reranker (RERANK_PROVIDER): its relevance score; results are in its order. */
  relevance: z.number().optional(),
});
export type SearchResultView = z.infer<typeof searchResult>;

/** A passage as the API gives it: no page, heading, position or anchor where the chunk has none. */
export function toSearchResultView({
  page,
  heading,
  charStart,
  charEnd,
  anchor,
  ...passage
}: PassageRow & { relevance?: number }): SearchResultView {
  return {
    ...passage,
    ...(page === null ? {} : { page }),
    ...(heading === null ? {} : { heading }),
    ...(charStart === null || charEnd === null ? {} : { charStart, charEnd }),
    ...(anchor === null ? {} : { anchor }),
  };
}

export const searchResponse = z.object({ results: z.array(searchResult) });
