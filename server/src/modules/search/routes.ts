import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import { searchQuery, searchResponse } from './schemas.js';
import { searchDocuments, type SearchSettings } from './service.js';

export const searchRoutes: FastifyPluginAsyncZod<{ db: Db; search: SearchSettings }> = async (
  app,
  { db, search },
) => {
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary:
          'Search the documents you may read (or one collection’s: `collectionId`) by meaning and by words (hybrid, reciprocal rank fusion)',
        querystring: searchQuery,
        response: { 200: searchResponse },
      },
      config: { access: { object: 'self' } },
    },
    async (request) =>
      searchDocuments(db, { ...search, logger: request.log }, request.actor, request.query),
  );
};
