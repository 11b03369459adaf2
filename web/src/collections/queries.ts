import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Collection, Member, MemberRole } from '../api/types';
import {
  addDocument,
  addMember,
  changeCollection,
  changeMember,
  createCollection,
  deleteCollection,
  getCollection,
  listCollections,
  listMembers,
  removeDocument,
  removeMember,
  type CollectionChanges,
} from './api';

const ALL = ['collections'] as const;

/** Every collection you may read: the Collections page and the pickers in Documents and Chat. */
export const collectionsQuery = queryOptions({
  queryKey: [...ALL, 'list'],
  queryFn: ({ signal }) => listCollections(signal),
});

export const collectionQuery = (id: string) =>
  queryOptions({
    queryKey: [...ALL, 'one', id],
    queryFn: ({ signal }) => getCollection(id, signal),
  });

export const membersQuery = (id: string) =>
  queryOptions({
    queryKey: [...ALL, 'members', id],
    queryFn: ({ signal }) => listMembers(id, signal),
  });

/** The collections you may add your own documents to: yours, and those you edit. */
export const canAddTo = (collection: Collection) => collection.role !== 'viewer';

/** After any change: the collection as it is now, then everything about collections read again. */
function useChanged() {
  const client = useQueryClient();
  return (collection?: Collection) => {
    if (collection) client.setQueryData(collectionQuery(collection.id).queryKey, collection);
    return client.invalidateQueries({ queryKey: ALL });
  };
}

export function useCreateCollection() {
  const changed = useChanged();
  return useMutation({ mutationFn: createCollection, onSuccess: changed });
}

export function useChangeCollection(id: string) {
  const changed = useChanged();
  return useMutation({
    mutationFn: (changes: CollectionChanges) => changeCollection(id, changes),
    onSuccess: changed,
  });
}

export function useDeleteCollection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteCollection,
    onSuccess: (_, id) => {
      client.setQueryData<Collection[]>(collectionsQuery.queryKey, (list) =>
        list?.filter((c) => c.id !== id),
      );
      client.removeQueries({ queryKey: collectionQuery(id).queryKey });
      // Documents filtered by it are gone too.
      return client.invalidateQueries({ queryKey: ['documents'] });
    },
  });
}

/** Puts a document in a collection, or takes it out: its lists and counts are read again. */
export function useCollectionDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, documentId, add }: { id: string; documentId: string; add: boolean }) =>
      add ? addDocument(id, documentId) : removeDocument(id, documentId),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ALL }),
        client.invalidateQueries({ queryKey: ['documents'] }),
      ]),
  });
}

export function useAddMember(id: string) {
  const changed = useChanged();
  return useMutation({
    mutationFn: ({ email, role }: { email: string; role: MemberRole }) =>
      addMember(id, email, role),
    onSuccess: () => changed(),
  });
}

export function useChangeMember(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: MemberRole }) =>
      changeMember(id, userId, role),
    onSuccess: (member) => {
      client.setQueryData<Member[]>(membersQuery(id).queryKey, (list) =>
        list?.map((m) => (m.userId === member.userId ? member : m)),
      );
      return client.invalidateQueries({ queryKey: membersQuery(id).queryKey });
    },
  });
}

/** Removes a member, or (yourself) leaves: their documents leave the collection with them. */
export function useRemoveMember(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => removeMember(id, userId),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ALL }),
        client.invalidateQueries({ queryKey: ['documents'] }),
      ]),
  });
}
