import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/client';

export type FetchPage<T> = (cursor: string | undefined, signal?: AbortSignal) => Promise<Page<T>>;

/** Puts an item first, or moves it there if the list already has it. */
export const prependItem = <T extends { id: string }>(list: T[], item: T) => [
  item,
  ...list.filter((i) => i.id !== item.id),
];

/** Adds a further page after the list, leaving out what the list already has. */
export const appendItems = <T extends { id: string }>(list: T[], more: T[]) => {
  const known = new Set(list.map((i) => i.id));
  return [...list, ...more.filter((i) => !known.has(i.id))];
};

/**
 * A cursor-paginated list: the first page whenever `fetchPage` changes (keep it stable with
 * useCallback), further pages on "Load more", and edits made here kept in step.
 */
export function usePagedList<T extends { id: string }>(fetchPage: FetchPage<T>) {
  // undefined until the first page arrives.
  const [items, setItems] = useState<T[]>();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  // The list's current source: a page fetched for an older one (filters changed) is dropped.
  const source = useRef(fetchPage);

  useEffect(() => {
    source.current = fetchPage;
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    fetchPage(undefined, controller.signal)
      .then(
        (page) => {
          if (controller.signal.aborted) return;
          setItems(page.items);
          setNextCursor(page.nextCursor);
        },
        (e: unknown) => {
          if (!controller.signal.aborted) setError(e);
        },
      )
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [fetchPage]);

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const stale = () => source.current !== fetchPage;
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchPage(nextCursor);
      if (stale()) return;
      setItems((list) => appendItems(list ?? [], page.items));
      setNextCursor(page.nextCursor);
    } catch (e) {
      if (!stale()) setError(e);
    } finally {
      if (!stale()) setLoading(false);
    }
  }, [fetchPage, nextCursor]);

  const prepend = useCallback((item: T) => setItems((list) => prependItem(list ?? [], item)), []);
  const replace = useCallback(
    (item: T) => setItems((list) => list?.map((i) => (i.id === item.id ? item : i))),
    [],
  );
  const remove = useCallback(
    (id: string) => setItems((list) => list?.filter((i) => i.id !== id)),
    [],
  );

  return { items, nextCursor, loading, error, setError, loadMore, prepend, replace, remove };
}
