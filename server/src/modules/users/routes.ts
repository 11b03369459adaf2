// The Users API: administrators only, declared by each route's `config: ADMIN_ROUTE`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { ADMIN_ROUTE } from '../../http/authenticate.js';
import type { Auth } from '../auth/service.js';
import { createInvite, listInvites, revokeInvite } from './invites.js';
import {
  changeUserBody,
  createdInviteResponse,
  createInviteBody,
  inviteIdParams,
  inviteListResponse,
  removedUserResponse,
  removeUserQuery,
  userIdParams,
  userListResponse,
  userResponse,
} from './schemas.js';
import { changeUser, listUsers, removeUser } from './service.js';

export const userRoutes: FastifyPluginAsyncZod<{
  db: Db;
  loadAuth: () => Promise<Auth>;
  config: Pick<Config, 'publicUrl'>;
}> = async (app, { db, loadAuth, config }) => {
  const tags = ['users'];
  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Every account, oldest first (administrators only)',
        response: { 200: userListResponse },
      },
      config: ADMIN_ROUTE,
    },
    async () => ({ items: await listUsers(db) }),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Make an account an administrator or not, disable or enable it',
        description:
          'Disabling ends its sessions and stops its API tokens. 409 LAST_ADMIN for a change that would leave no enabled administrator.',
        params: userIdParams,
        body: changeUserBody,
        response: { 200: userResponse },
      },
      config: ADMIN_ROUTE,
    },
    async (request) => changeUser(await loadAuth(), db, request.params.id, request.body),
  );
  app.delete(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary:
          'Delete an account; its data is deleted (data=delete) or given to another account (data=transfer&transferTo=<id>)',
        description: '409 LAST_ADMIN for the last enabled administrator.',
        params: userIdParams,
        querystring: removeUserQuery,
        response: { 200: removedUserResponse },
      },
      config: ADMIN_ROUTE,
    },
    async (request) => removeUser(db, request.params.id, { transferTo: request.query.transferTo }),
  );
  app.get(
    '/api/users/invites',
    {
      schema: {
        tags,
        summary: 'Invitations not used yet (expired ones too, marked)',
        response: { 200: inviteListResponse },
      },
      config: ADMIN_ROUTE,
    },
    async () => listInvites(db),
  );
  app.post(
    '/api/users/invites',
    {
      schema: {
        tags,
        summary: 'Invite an email: the answer holds the one-time link (shown once)',
        description:
          'Whoever opens the link signs up with this email, even when sign-up is closed or by invitation only. Inviting an email again replaces its invitation.',
        body: createInviteBody,
        response: { 201: createdInviteResponse },
      },
      config: ADMIN_ROUTE,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createInvite(db, config.publicUrl, request.user.id, request.body)),
  );
  app.delete(
    '/api/users/invites/:id',
    {
      schema: { tags, summary: 'Withdraw an invitation', params: inviteIdParams },
      config: ADMIN_ROUTE,
    },
    async (request, reply) => {
      await revokeInvite(db, request.params.id);
      return reply.status(204).send();
    },
  );
};
