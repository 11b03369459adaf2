import { z } from 'zod';
import { line } from '../../lib/input.js';

export const searchQuery = z.strictObject({
  q: line.min(1, 'give something to search for').max(1000),
  limit: z.coerce.number().int().min(1).max(50).default(10),
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
export type SearchResult = z.infer<typeof searchResult>;

export const searchResponse = z.object({ results: z.array(searchResult) });
