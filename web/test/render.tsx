// Renders a page as the app does: in a query client of its own and at an address.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';

export function renderPage(page: ReactNode, { path = '/' }: { path?: string } = {}) {
  window.history.replaceState(null, '', path);
  // No retries: a failure shows at once, as the test expects it to.
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  const view = render(<QueryClientProvider client={client}>{page}</QueryClientProvider>);
  return { ...view, client, user };
}
