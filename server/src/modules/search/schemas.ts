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
});
export type SearchResultView = z.infer<typeof searchResult>;

/** A passage as the API gives it: no page or heading where the chunk has none. */
export function toSearchResultView({ page, heading, ...passage }: PassageRow): SearchResultView {
  return {
    ...passage,
    ...(page === null ? {} : { page }),
    ...(heading === null ? {} : { heading }),
  };
}

export const searchResponse = z.object({ results: z.array(searchResult) });
