import { queryOptions, skipToken, useMutation, useQueryClient } from '@tanstack/react-query';
import type { DocumentItem } from '../api/types';
import { editLists, pagedQuery, removeItem, replaceItem } from '../ui/pagedList';
import {
  cancelDocument,
  deleteDocument,
  listDocuments,
  refreshDocument,
  searchDocuments,
} from './api';
import { isPending } from './status';

/** How often the list is read again while a document in it is being ingested. */
export const POLL_MS = 1500;

const LIST = ['documents', 'list'] as const;

/**
 * The documents the user may read (or one collection's), newest first. While one is queued or processing, the list is read
 * again every POLL_MS (a failed read is shown, and tried again at the next turn); it stops
 * once every document has settled.
 */
export const documentListQuery = (collectionId?: string) =>
  pagedQuery(
    [...LIST, collectionId ?? 'all'],
    (cursor, signal) => listDocuments(collectionId, cursor, signal),
    {
      refetchInterval: (query) =>
        query.state.data?.pages.some((page) => page.items.some(isPending)) ? POLL_MS : false,
    },
  );

/** The passages a search finds; nothing is asked before there are words to look for. */
export const searchQuery = (q: string) =>
  queryOptions({
    queryKey: ['documents', 'search', q],
    queryFn: q ? ({ signal }) => searchDocuments(q, signal) : skipToken,
  });

/** A document was added (uploaded, a page, a text): the list is read again, and shows it first. */
export function useDocumentAdded() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: LIST });
}

export function useCancelDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: cancelDocument,
    onSuccess: (doc) => editLists<DocumentItem>(client, LIST, (pages) => replaceItem(pages, doc)),
  });
}

/** A URL document fetched again: the list shows it queued, and polls until it has settled. */
export function useRefreshDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: refreshDocument,
    onSuccess: (doc) => editLists<DocumentItem>(client, LIST, (pages) => replaceItem(pages, doc)),
  });
}

export function useDeleteDocument() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteDocument,
    onSuccess: (_, id) => editLists<DocumentItem>(client, LIST, (pages) => removeItem(pages, id)),
  });
}
