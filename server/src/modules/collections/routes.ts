import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import {
  addMemberBody,
  changeCollectionBody,
  changeMemberBody,
  collectionDocumentParams,
  collectionIdParams,
  collectionListResponse,
  collectionMemberParams,
  collectionResponse,
  createCollectionBody,
  listCollectionsQuery,
  memberListResponse,
  memberResponse,
} from './schemas.js';
import {
  addDocumentToCollection,
  addMember,
  changeCollection,
  changeMember,
  createCollection,
  getCollection,
  listCollections,
  listMembers,
  removeCollection,
  removeDocumentFromCollection,
  removeMember,
} from './service.js';

export const collectionRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['collections'];
  const self = { access: { object: 'self' } } as const;
  const collection = (need: 'read' | 'edit' | 'manage') =>
    ({ access: { object: 'collection', need } }) as const;

  app.post(
    '/api/collections',
    {
      schema: {
        tags,
        summary: 'Create a collection (you own it)',
        body: createCollectionBody,
        response: { 201: collectionResponse },
      },
      config: self,
    },
    async (request, reply) =>
      reply.status(201).send(await createCollection(db, request.actor, request.body)),
  );
  app.get(
    '/api/collections',
    {
      schema: {
        tags,
        summary: 'The collections you own or are a member of, newest first',
        querystring: listCollectionsQuery,
        response: { 200: collectionListResponse },
      },
      config: self,
    },
    async (request) => listCollections(db, request.actor, request.query),
  );
  app.get(
    '/api/collections/:id',
    {
      schema: {
        tags,
        summary: 'A collection, with its owner, your role and its counts',
        params: collectionIdParams,
        response: { 200: collectionResponse },
      },
      config: collection('read'),
    },
    async (request) => getCollection(db, request.actor, request.params.id),
  );
  app.patch(
    '/api/collections/:id',
    {
      schema: {
        tags,
        summary: 'Rename a collection or change its description (its owner)',
        params: collectionIdParams,
        body: changeCollectionBody,
        response: { 200: collectionResponse },
      },
      config: collection('manage'),
    },
    async (request) => changeCollection(db, request.actor, request.params.id, request.body),
  );
  app.delete(
    '/api/collections/:id',
    {
      schema: {
        tags,
        summary: 'Delete a collection (its owner): its documents stay with their owners',
        params: collectionIdParams,
      },
      config: collection('manage'),
    },
    async (request, reply) => {
      await removeCollection(db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
  app.put(
    '/api/collections/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Add one of your documents to a collection (its owner or an editor)',
        params: collectionDocumentParams,
      },
      config: collection('edit'),
    },
    async (request, reply) => {
      const { id, documentId } = request.params;
      await addDocumentToCollection(db, request.actor, id, documentId);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/api/collections/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary:
          'Take a document out of a collection (its owner or an editor; a document’s owner, their own)',
        params: collectionDocumentParams,
      },
      config: collection('edit'),
    },
    async (request, reply) => {
      const { id, documentId } = request.params;
      await removeDocumentFromCollection(db, request.actor, id, documentId);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/collections/:id/members',
    {
      schema: {
        tags,
        summary: 'Who the collection is shared with, and as what',
        params: collectionIdParams,
        response: { 200: memberListResponse },
      },
      config: collection('read'),
    },
    async (request) => listMembers(db, request.actor, request.params.id),
  );
  app.post(
    '/api/collections/:id/members',
    {
      schema: {
        tags,
        summary: 'Share the collection with an account, by email, as viewer or editor (its owner)',
        params: collectionIdParams,
        body: addMemberBody,
        response: { 201: memberResponse },
      },
      config: collection('manage'),
    },
    async (request, reply) =>
      reply.status(201).send(await addMember(db, request.actor, request.params.id, request.body)),
  );
  app.patch(
    '/api/collections/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Change a member’s role (its owner)',
        params: collectionMemberParams,
        body: changeMemberBody,
        response: { 200: memberResponse },
      },
      config: collection('manage'),
    },
    async (request) => {
      const { id, userId } = request.params;
      return changeMember(db, request.actor, id, userId, request.body.role);
    },
  );
  app.delete(
    '/api/collections/:id/members/:userId',
    {
      schema: {
        tags,
        summary:
          'Remove a member (its owner), or leave (yourself): their documents leave the collection with them',
        params: collectionMemberParams,
      },
      config: collection('manage'),
    },
    async (request, reply) => {
      const { id, userId } = request.params;
      await removeMember(db, request.actor, id, userId);
      return reply.status(204).send();
    },
  );
};
