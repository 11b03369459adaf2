// Who is signed in: read once from Better Auth's session route, updated on sign-in and out.
import { createContext, useContext } from 'react';
import { request } from '../api/client';
import type { User } from '../api/types';

export async function fetchSession(): Promise<User | null> {
  const session = await request<{ user: User } | null>('/api/auth/get-session');
  return session?.user ?? null;
}

export async function signOut(): Promise<void> {
  await request('/api/auth/sign-out', { method: 'POST', body: {} });
}

export interface SessionState {
  user: User;
  /** Ends the session on the server, then shows the sign-in page. */
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
