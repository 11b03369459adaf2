// Collections through the API, for the tests: create one, share it, put documents in it.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { call, type TestUser } from './app.js';

export async function createCollection(
  app: FastifyInstance,
  owner: TestUser,
  name: string,
): Promise<string> {
  const created = await call(app, owner, {
    method: 'POST',
    url: '/api/collections',
    payload: { name },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string }>().id;
}

/** Makes `member` a member of the collection as `role`; their user id. */
export async function share(
  app: FastifyInstance,
  owner: TestUser,
  collectionId: string,
  member: TestUser,
  role: 'viewer' | 'editor',
): Promise<string> {
  const added = await call(app, owner, {
    method: 'POST',
    url: `/api/collections/${collectionId}/members`,
    payload: { email: member.email, role },
  });
  expect(added.statusCode, added.body).toBe(201);
  return added.json<{ userId: string }>().userId;
}

export async function putDocument(
  app: FastifyInstance,
  user: TestUser,
  collectionId: string,
  documentId: string,
) {
  return call(app, user, {
    method: 'PUT',
    url: `/api/collections/${collectionId}/documents/${documentId}`,
  });
}

/** The signed-in user's id, from their session. */
export async function userIdOf(app: FastifyInstance, user: TestUser): Promise<string> {
  const session = await app.inject({
    url: '/api/auth/get-session',
    headers: { cookie: user.cookie },
  });
  return session.json<{ user: { id: string } }>().user.id;
}
