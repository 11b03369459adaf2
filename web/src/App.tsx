import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { Layout } from './app/Layout';
import { SessionContext, sessionQuery, useSignedIn, useSignOut } from './app/session';
import { AuthPage } from './auth/AuthPage';
import { ErrorNotice } from './ui/ErrorNotice';

// Each page is its own chunk, fetched when first shown: the first page does not wait for the
// Markdown renderer or the others' code.
const ChatPage = lazy(() => import('./chat/ChatPage').then((m) => ({ default: m.ChatPage })));
const DocumentsPage = lazy(() =>
  import('./documents/DocumentsPage').then((m) => ({ default: m.DocumentsPage })),
);
const ViewerPage = lazy(() =>
  import('./viewer/ViewerPage').then((m) => ({ default: m.ViewerPage })),
);
const CollectionsPage = lazy(() =>
  import('./collections/CollectionsPage').then((m) => ({ default: m.CollectionsPage })),
);
const TasksPage = lazy(() => import('./tasks/TasksPage').then((m) => ({ default: m.TasksPage })));
const SettingsPage = lazy(() =>
  import('./settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
);
const UsersPage = lazy(() => import('./users/UsersPage').then((m) => ({ default: m.UsersPage })));

const PUBLIC_PATHS = ['/sign-in', '/sign-up'];

function NotFound() {
  const [path] = useLocation();
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is nothing at {path}.</p>
    </section>
  );
}

function SignedInPages() {
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      <Switch>
        <Route path="/chat/:id?">{({ id }) => <ChatPage conversationId={id} />}</Route>
        <Route path="/documents" component={DocumentsPage} />
        <Route path="/documents/:id/view">{({ id }) => <ViewerPage id={id} />}</Route>
        <Route path="/collections/:id?">{({ id }) => <CollectionsPage id={id} />}</Route>
        <Route path="/tasks" component={TasksPage} />
        <Route path="/settings" component={SettingsPage} />
        <Route path="/users" component={UsersPage} />
        <Route component={NotFound} />
      </Switch>
    </Suspense>
  );
}

export function App() {
  const [path] = useLocation();
  const { data: user, error, isPending } = useQuery(sessionQuery);
  const signedIn = useSignedIn();
  const signOut = useSignOut();
  const session = useMemo(() => (user ? { user, signOut } : null), [user, signOut]);

  if (isPending) return <p className="loading">Loading…</p>;
  // Signed out: only the sign-in and sign-up pages. Signed in: never those.
  if (!session) {
    if (!PUBLIC_PATHS.includes(path)) return <Redirect to="/sign-in" replace />;
    return (
      <>
        <ErrorNotice error={error ?? undefined} />
        {/* Keyed: switching between the two starts a fresh form, without the other's error. */}
        <AuthPage
          key={path}
          mode={path === '/sign-up' ? 'sign-up' : 'sign-in'}
          onSignedIn={signedIn}
        />
      </>
    );
  }
  if (PUBLIC_PATHS.includes(path) || path === '/') return <Redirect to="/chat" replace />;
  return (
    <SessionContext value={session}>
      <Layout>
        <SignedInPages />
      </Layout>
    </SessionContext>
  );
}
