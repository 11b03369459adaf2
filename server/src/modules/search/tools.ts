import { defineTool, type Tool } from '../../lib/tool.js';
import { searchQuery } from './schemas.js';
import { searchDocuments, type SearchSettings } from './service.js';

export const searchTools = (search: SearchSettings): Tool[] => [
  defineTool({
    name: 'search_documents',
    description:
      'Search the user’s documents by meaning and by words. Returns passages with their document, chunk id, page and heading.',
    input: searchQuery,
    // A chat question with attachments searches them only (the context's scope).
    run: ({ db, userId, scope }, input) => searchDocuments(db, search, userId, input, scope),
  }),
];
