import { defineTool, type Tool } from '../../lib/tool.js';
import { searchQuery } from './schemas.js';
import { searchDocuments, type SearchSettings } from './service.js';

export const searchTools = (search: SearchSettings): Tool[] => [
  defineTool({
    name: 'search_documents',
    scope: 'read',
    description:
      'Search the documents the user may read (their own and those shared with them), or only one collection’s (collectionId), by meaning and by words. Returns passages with their document, chunk id, page and heading.',
    input: searchQuery,
    // A chat question with attachments searches them only (the context's scope).
    run: ({ db, actor, scope }, input) => searchDocuments(db, search, actor, input, scope),
  }),
];
