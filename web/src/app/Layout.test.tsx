import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPage } from '../../test/render';
import { Layout } from './Layout';
import { SessionContext, type SessionState } from './session';

/** The system's preference, as matchMedia reports it (jsdom has none). */
function prefersDark(dark: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: dark && query === '(prefers-color-scheme: dark)',
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }));
}

const session: SessionState = {
  user: { id: 'u', email: 'ada@example.com', name: 'Ada', role: 'user' },
  signOut: () => Promise.resolve(),
};

const renderLayout = (path = '/tasks', signedIn = session) =>
  renderPage(
    <SessionContext value={signedIn}>
      <Layout>
        <p>the page</p>
      </Layout>
    </SessionContext>,
    { path },
  );

beforeEach(() => {
  window.localStorage.clear();
  delete document.documentElement.dataset.theme;
  // jsdom has <dialog> without its modal methods.
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
});

describe('the signed-in frame', () => {
  it('shows the Users section to administrators only', () => {
    prefersDark(false);
    const sections = () =>
      screen
        .getAllByRole('link')
        .map((link) => link.textContent)
        .filter((name) => name !== 'Skip to content');
    const { unmount } = renderLayout();
    expect(sections()).toEqual(['Chat', 'Documents', 'Collections', 'Tasks', 'Settings']);
    unmount();
    renderLayout('/tasks', { ...session, user: { ...session.user, role: 'admin' } });
    expect(sections()).toEqual(['Chat', 'Documents', 'Collections', 'Tasks', 'Settings', 'Users']);
  });

  it('follows the system theme until the reader chooses the other one, and remembers it', async () => {
    prefersDark(true);
    const { user } = renderLayout();
    const toggle = screen.getByRole('button', { name: 'Dark theme' });
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.dataset.theme).toBeUndefined();

    await user.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(window.localStorage.getItem('docket-theme')).toBe('light');

    // Back to what the system prefers: the choice is forgotten, the system followed again.
    await user.click(toggle);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(window.localStorage.getItem('docket-theme')).toBeNull();
  });

  it('shows the shortcuts with ? (not while typing), and follows them', async () => {
    prefersDark(false);
    const { user } = renderLayout();
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const action of ['New conversation', 'Go to the message box', 'Search documents'])
      expect(dialog.textContent).toContain(action);
    await user.click(screen.getByRole('button', { name: 'Close' }));

    await user.keyboard('{Control>}k{/Control}');
    expect(window.location.pathname).toBe('/documents');
    await user.keyboard('{Control>}{Shift>}o{/Shift}{/Control}');
    expect(window.location.pathname).toBe('/chat');
    await user.keyboard('{Shift>}{Escape}{/Shift}');
    expect(window.location.pathname).toBe('/chat');
  });

  it('leaves ? to a text field that has the focus', async () => {
    prefersDark(false);
    const { user } = renderPage(
      <SessionContext value={session}>
        <Layout>
          <label>
            Notes <input />
          </label>
        </Layout>
      </SessionContext>,
    );
    await user.type(screen.getByLabelText('Notes'), 'why?');
    expect(screen.getByLabelText<HTMLInputElement>('Notes').value).toBe('why?');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
