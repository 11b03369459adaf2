import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import {
  createdTokenResponse,
  createTokenBody,
  tokenIdParams,
  tokenListResponse,
} from './schemas.js';
import { createToken, listTokens, revokeToken } from './service.js';

export const tokenRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['tokens'];
  app.post(
    '/api/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token (shown once)',
        body: createTokenBody,
        response: { 201: createdTokenResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createToken(db, request.user.id, request.body.name)),
  );
  app.get(
    '/api/tokens',
    {
      schema: {
        tags,
        summary: 'Your API tokens, without their secrets',
        response: { 200: tokenListResponse },
      },
    },
    async (request) => listTokens(db, request.user.id),
  );
  app.delete(
    '/api/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: tokenIdParams } },
    async (request, reply) => {
      await revokeToken(db, request.user.id, request.params.id);
      return reply.status(204).send();
    },
  );
};
