import type { EmbeddingsConfig } from '../../config.js';
import { defineTool, type Tool } from '../../lib/tool.js';
import { searchQuery } from './schemas.js';
import { searchDocuments } from './service.js';

export const searchTools = (embeddings: EmbeddingsConfig): Tool[] => [
  defineTool({
    name: 'search_documents',
    description:
      'Search the user’s documents by meaning and by words. Returns passages with their document, chunk id, page and heading.',
    input: searchQuery,
    // A chat question with attachments searches them only (the context's scope).
    run: ({ db, userId, scope }, input) => searchDocuments(db, embeddings, userId, input, scope),
  }),
];
