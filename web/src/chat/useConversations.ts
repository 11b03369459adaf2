// The conversation list: newest first, read again when chat activity changes it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Conversation } from '../api/types';
import { deleteConversation, listConversations, renameConversation } from './api';

/** With a model, the server titles a new conversation shortly after its first answer. */
const TITLE_DELAY_MS = 3000;

export interface ConversationsState {
  /** Undefined until the first page is read. */
  items?: Conversation[];
  hasMore: boolean;
  error?: unknown;
  /** Reads the list again; `titled`: and once more when a new title may have come. */
  reload: (titled?: boolean) => void;
  loadMore: () => void;
  rename: (id: string, title: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
}

export function useConversations(): ConversationsState {
  const [items, setItems] = useState<Conversation[]>();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  // Only the latest read counts: an older one may answer last.
  const latest = useRef(0);
  const titleTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const read = useCallback((cursor?: string) => {
    const mine = ++latest.current;
    listConversations(cursor).then(
      (page) => {
        if (mine !== latest.current) return;
        setItems((shown) => (cursor ? [...(shown ?? []), ...page.items] : page.items));
        setNextCursor(page.nextCursor);
        setError(undefined);
      },
      (e: unknown) => {
        if (mine === latest.current) setError(e);
      },
    );
  }, []);

  const reload = useCallback(
    (titled = false) => {
      read();
      clearTimeout(titleTimer.current);
      if (titled) titleTimer.current = setTimeout(() => read(), TITLE_DELAY_MS);
    },
    [read],
  );

  useEffect(() => {
    read();
    return () => clearTimeout(titleTimer.current);
  }, [read]);

  const rename = useCallback(async (id: string, title: string) => {
    const renamed = await renameConversation(id, title);
    setItems((shown) => shown?.map((c) => (c.id === id ? renamed : c)));
  }, []);

  const remove = useCallback(async (id: string) => {
    await deleteConversation(id);
    setItems((shown) => shown?.filter((c) => c.id !== id));
  }, []);

  return {
    items,
    hasMore: nextCursor !== null,
    error,
    reload,
    loadMore: () => nextCursor && read(nextCursor),
    rename,
    remove,
  };
}
