// Renders a page as the app does: in a query client of its own, at an address, signed in.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import type { User } from '../src/api/types';
import { SessionContext } from '../src/app/session';

/** Who is signed in unless a test says otherwise: the owner (u1) of the tests' documents. */
export const ANN: User = { id: 'u1', email: 'ann@example.com', name: 'Ann', role: 'user' };

export function renderPage(
  page: ReactNode,
  { path = '/', user = ANN }: { path?: string; user?: User } = {},
) {
  window.history.replaceState(null, '', path);
  // No retries: a failure shows at once, as the test expects it to.
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const session = { user, signOut: () => Promise.resolve() };
  const events = userEvent.setup();
  const view = render(
    <QueryClientProvider client={client}>
      <SessionContext value={session}>{page}</SessionContext>
    </QueryClientProvider>,
  );
  return { ...view, client, user: events };
}
