// Who is signed in: Better Auth's session, read through the query cache; signing in reads it
// again, signing out forgets everything the previous user's pages had read.
import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext } from 'react';
import { request } from '../api/client';
import type { User } from '../api/types';

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async (): Promise<User | null> => {
    const session = await request<{ user: User } | null>('/api/auth/get-session');
    return session?.user ?? null;
  },
  // Signed out or unreachable: the sign-in page says so at once.
  retry: false,
});

/** After a sign-in or sign-up: the session is read again, and the app follows it. */
export function useSignedIn() {
  const client = useQueryClient();
  return useCallback(() => client.invalidateQueries(sessionQuery), [client]);
}

/** Ends the session on the server, then drops every cached answer and shows the sign-in page. */
export function useSignOut() {
  const client = useQueryClient();
  return useCallback(async () => {
    await request('/api/auth/sign-out', { method: 'POST', body: {} });
    client.setQueryData(sessionQuery.queryKey, null);
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQuery.queryKey[0] });
  }, [client]);
}

export interface SessionState {
  user: User;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
