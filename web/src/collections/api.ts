import { api, type BodyOf } from '../api/client';
import type { Collection, MemberRole } from '../api/types';

export type CollectionChanges = BodyOf<'/api/collections/{id}', 'patch'>;

/** Every collection you own or are a member of, newest first: all pages (there are few). */
export async function listCollections(signal?: AbortSignal): Promise<Collection[]> {
  const all: Collection[] = [];
  let cursor: string | undefined;
  do {
    const page = await api('get', '/api/collections', { query: { cursor, limit: 100 }, signal });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export const getCollection = (id: string, signal?: AbortSignal) =>
  api('get', '/api/collections/{id}', { params: { id }, signal });

export const createCollection = (body: BodyOf<'/api/collections', 'post'>) =>
  api('post', '/api/collections', { body });

export const changeCollection = (id: string, body: CollectionChanges) =>
  api('patch', '/api/collections/{id}', { params: { id }, body });

export const deleteCollection = (id: string) =>
  api('delete', '/api/collections/{id}', { params: { id } });

export const addDocument = (id: string, documentId: string) =>
  api('put', '/api/collections/{id}/documents/{documentId}', { params: { id, documentId } });

export const removeDocument = (id: string, documentId: string) =>
  api('delete', '/api/collections/{id}/documents/{documentId}', { params: { id, documentId } });

export const listMembers = async (id: string, signal?: AbortSignal) =>
  (await api('get', '/api/collections/{id}/members', { params: { id }, signal })).items;

export const addMember = (id: string, email: string, role: MemberRole) =>
  api('post', '/api/collections/{id}/members', { params: { id }, body: { email, role } });

export const changeMember = (id: string, userId: string, role: MemberRole) =>
  api('patch', '/api/collections/{id}/members/{userId}', {
    params: { id, userId },
    body: { role },
  });

/** Removes a member (the owner), or leaves (a member, themselves). */
export const removeMember = (id: string, userId: string) =>
  api('delete', '/api/collections/{id}/members/{userId}', { params: { id, userId } });
