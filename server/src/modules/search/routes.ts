import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EmbeddingsConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { searchQuery, searchResponse } from './schemas.js';
import { searchDocuments } from './service.js';

export const searchRoutes: FastifyPluginAsyncZod<{ db: Db; embeddings: EmbeddingsConfig }> = async (
  app,
  { db, embeddings },
) => {
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search your documents by meaning and by words (hybrid, reciprocal rank fusion)',
        querystring: searchQuery,
        response: { 200: searchResponse },
      },
    },
    async (request) => searchDocuments(db, embeddings, request.user.id, request.query),
  );
};
