// Cursor-paginated lists on TanStack Query: one infinite query per list (each page's
// nextCursor asks for the next), shown as one list, and kept in step with changes made here
// before the server is asked again.
import {
  infiniteQueryOptions,
  useInfiniteQuery,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
  type UseInfiniteQueryOptions,
} from '@tanstack/react-query';
import type { Page } from '../api/client';

interface Item {
  id: string;
}

export type Pages<T> = InfiniteData<Page<T>>;

export type FetchPage<T> = (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

type PagedQueryOptions<T, K extends QueryKey> = UseInfiniteQueryOptions<
  Page<T>,
  Error,
  Pages<T>,
  K,
  string | undefined
>;

/** A list's query: its key, how to read one page of it, and any other options it needs. */
export const pagedQuery = <T extends Item, K extends QueryKey>(
  queryKey: K,
  fetchPage: FetchPage<T>,
  more: Partial<Pick<PagedQueryOptions<T, K>, 'refetchInterval' | 'placeholderData'>> = {},
) =>
  infiniteQueryOptions({
    ...more,
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The pages as one list; an item that moved to a later page meanwhile is shown once. */
export function itemsOf<T extends Item>(pages: Pages<T>): T[] {
  const seen = new Set<string>();
  return pages.pages.flatMap((page) =>
    page.items.filter((item) => !seen.has(item.id) && seen.add(item.id)),
  );
}

const editItems = <T extends Item>(pages: Pages<T>, edit: (items: T[], index: number) => T[]) => ({
  ...pages,
  pages: pages.pages.map((page, index) => ({ ...page, items: edit(page.items, index) })),
});

/** Puts an item first, or moves it there if the list already has it. */
export const prependItem = <T extends Item>(pages: Pages<T>, item: T) =>
  editItems(pages, (items, index) => [
    ...(index === 0 ? [item] : []),
    ...items.filter((i) => i.id !== item.id),
  ]);

/** Shows an item as it is now, where the list has it. */
export const replaceItem = <T extends Item>(pages: Pages<T>, item: T) =>
  editItems(pages, (items) => items.map((i) => (i.id === item.id ? item : i)));

export const removeItem = <T extends Item>(pages: Pages<T>, id: string) =>
  editItems(pages, (items) => items.filter((i) => i.id !== id));

/**
 * Applies `edit` to every cached list under `key` (a list per filter, say), then has the
 * server's lists read again: what was changed here shows at once, and the rest follows.
 */
export function editLists<T extends Item>(
  client: QueryClient,
  key: QueryKey,
  edit: (pages: Pages<T>) => Pages<T>,
) {
  client.setQueriesData<Pages<T>>({ queryKey: key }, (pages) => pages && edit(pages));
  void client.invalidateQueries({ queryKey: key });
}

/**
 * A list's items (undefined until the first page), whether there are more, and its errors.
 * `loading`: its first page is on the way (the list shown may be another's, as with
 * keepPreviousData while filters change); reads that follow it (polling) do not count.
 */
export function usePagedList<T extends Item, K extends QueryKey>(
  options: ReturnType<typeof pagedQuery<T, K>>,
) {
  const query = useInfiniteQuery(options);
  return {
    items: query.data && itemsOf(query.data),
    hasMore: query.hasNextPage,
    loading: query.isPending || query.isPlaceholderData,
    loadingMore: query.isFetchingNextPage,
    error: query.error,
    loadMore: () => void query.fetchNextPage(),
  };
}
