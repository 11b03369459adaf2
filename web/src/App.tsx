import { useCallback, useEffect, useMemo, useState } from 'react';
import type { User } from './api/types';
import { Layout } from './app/Layout';
import { navigate, usePath } from './app/router';
import { fetchSession, SessionContext, signOut } from './app/session';
import { AuthPage } from './auth/AuthPage';
import { ChatPage } from './chat/ChatPage';
import { DocumentsPage } from './documents/DocumentsPage';
import { SettingsPage } from './settings/SettingsPage';
import { TasksPage } from './tasks/TasksPage';
import { UsersPage } from './users/UsersPage';
import { ErrorNotice } from './ui/ErrorNotice';

const PUBLIC_PATHS = ['/sign-in', '/sign-up'];

function SignedInPage({ path }: { path: string }) {
  if (path.startsWith('/chat')) {
    const conversationId = path.split('/')[2];
    return <ChatPage conversationId={conversationId || undefined} />;
  }
  if (path === '/documents') return <DocumentsPage />;
  if (path === '/tasks') return <TasksPage />;
  if (path === '/settings') return <SettingsPage />;
  if (path === '/users') return <UsersPage />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is nothing at {path}.</p>
    </section>
  );
}

export function App() {
  const path = usePath();
  // undefined: not known yet; null: signed out.
  const [user, setUser] = useState<User | null>();
  const [error, setError] = useState<unknown>();

  const refresh = useCallback(() => {
    fetchSession().then(setUser, (e: unknown) => {
      setError(e);
      setUser(null);
    });
  }, []);
  useEffect(refresh, [refresh]);

  // Signed out: only the sign-in and sign-up pages. Signed in: never those.
  useEffect(() => {
    if (user === null && !PUBLIC_PATHS.includes(path)) navigate('/sign-in', { replace: true });
    if (user && (PUBLIC_PATHS.includes(path) || path === '/')) navigate('/chat', { replace: true });
  }, [user, path]);

  const session = useMemo(
    () =>
      user
        ? {
            user,
            signOut: async () => {
              await signOut();
              setUser(null);
            },
          }
        : null,
    [user],
  );

  if (user === undefined) return <p className="loading">Loading…</p>;
  if (!session)
    return (
      <>
        <ErrorNotice error={error} />
        <AuthPage mode={path === '/sign-up' ? 'sign-up' : 'sign-in'} onSignedIn={refresh} />
      </>
    );
  return (
    <SessionContext value={session}>
      <Layout>
        <SignedInPage path={path} />
      </Layout>
    </SessionContext>
  );
}
