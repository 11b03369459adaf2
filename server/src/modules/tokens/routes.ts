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
        summary:
          'Create an API token (shown once): scopes read or read+write (default), optionally limited to collections and with an expiry',
        body: createTokenBody,
        response: { 201: createdTokenResponse },
      },
      config: { access: { object: 'self' } },
    },
    async (request, reply) =>
      reply.status(201).send(await createToken(db, request.actor, request.body)),
  );
  app.get(
    '/api/tokens',
    {
      schema: {
        tags,
        summary: 'Your API tokens with their scopes, collections and expiry, without their secrets',
        response: { 200: tokenListResponse },
      },
      config: { access: { object: 'self' } },
    },
    async (request) => listTokens(db, request.actor),
  );
  app.delete(
    '/api/tokens/:id',
    {
      schema: { tags, summary: 'Revoke an API token', params: tokenIdParams },
      config: { access: { object: 'token' } },
    },
    async (request, reply) => {
      await revokeToken(db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
};
