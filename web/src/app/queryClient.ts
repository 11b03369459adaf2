// The app's one TanStack Query client: what every page reads from the API is cached here.
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';

/** An answer the server refused (4xx) is not asked for again; a lost connection or a 5xx is, twice. */
export const retryUnlessRefused = (failures: number, error: unknown) =>
  !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2;

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Shown from the cache on a return to a page, read again in the background when older.
      queries: { retry: retryUnlessRefused, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
}
