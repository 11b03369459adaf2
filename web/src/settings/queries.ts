import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiToken } from '../api/types';
import { createToken, getSettings, listTokens, revokeToken } from './api';

/** What chat and embeddings use, and the upload limit: read by several pages, once. */
export const settingsQuery = queryOptions({
  queryKey: ['settings'],
  queryFn: ({ signal }) => getSettings(signal),
  // Set by the server's environment: it does not change while the page is open.
  staleTime: Infinity,
});

export const tokensQuery = queryOptions({
  queryKey: ['tokens'],
  queryFn: ({ signal }) => listTokens(signal),
});

/** Creates a token; the list shows it at once (the secret only in the answer). */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    onSuccess: ({ token: _secret, ...listed }) => {
      // Listed without its secret: the cache keeps only what the list shows.
      client.setQueryData<ApiToken[]>(tokensQuery.queryKey, (list) => [listed, ...(list ?? [])]);
      return client.invalidateQueries(tokensQuery);
    },
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: (_, id) => {
      client.setQueryData<ApiToken[]>(tokensQuery.queryKey, (list) =>
        list?.filter((t) => t.id !== id),
      );
      return client.invalidateQueries(tokensQuery);
    },
  });
}
