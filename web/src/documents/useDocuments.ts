import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import type { DocumentItem } from '../api/types';
import { getDocument, listDocuments } from './api';
import { isPending } from './status';
import { usePagedList } from '../ui/usePagedList';
import { usePolling } from './usePolling';

const POLL_MS = 1500;

/** A pending document as it is now, or its id if it was deleted meanwhile (elsewhere). */
async function refreshed(doc: DocumentItem, signal: AbortSignal): Promise<DocumentItem | string> {
  try {
    return await getDocument(doc.id, signal);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return doc.id;
    throw e;
  }
}

/** The user's documents, newest first, with the status of those being ingested kept live. */
export function useDocuments() {
  const list = usePagedList(listDocuments);
  const { items, prepend, replace, remove, setError } = list;
  const [pollError, setPollError] = useState<unknown>();
  const pending = items?.filter(isPending) ?? [];

  usePolling(
    async (signal) => {
      try {
        const fresh = await Promise.all(pending.map((doc) => refreshed(doc, signal)));
        for (const doc of fresh) {
          if (typeof doc === 'string') remove(doc);
          else replace(doc);
        }
        setPollError(undefined);
      } catch (e) {
        // Shown, and tried again at the next turn.
        if (!signal.aborted) setPollError(e);
      }
    },
    pending.length > 0,
    POLL_MS,
  );

  /** Shows a document just added, at the top of the list. */
  const add = useCallback(
    (id: string) => {
      getDocument(id).then(prepend, setError);
    },
    [prepend, setError],
  );

  return { ...list, pollError, add };
}
