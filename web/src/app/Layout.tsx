import { useCallback, useState, type ReactNode } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Link } from './Link';
import { useSession } from './session';
import { ShortcutsDialog } from './ShortcutsDialog';
import { toggleTheme, useTheme } from './theme';
import { useShortcuts } from './useShortcuts';

const SECTIONS = [
  { href: '/chat', label: 'Chat' },
  { href: '/documents', label: 'Documents' },
  { href: '/collections', label: 'Collections' },
  { href: '/tasks', label: 'Tasks' },
  { href: '/settings', label: 'Settings' },
];
/** Shown to administrators only (the server refuses its calls to anyone else). */
const ADMIN_SECTIONS = [{ href: '/users', label: 'Users' }];

/**
 * The frame of every signed-in page: a skip link, the sections, the theme, the keyboard
 * shortcuts, who is signed in.
 */
export function Layout({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  const [error, setError] = useState<unknown>();
  const [showingShortcuts, setShowingShortcuts] = useState(false);
  const theme = useTheme();
  useShortcuts(useCallback(() => setShowingShortcuts(true), []));
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Docket</span>
        <nav aria-label="Sections">
          <ul className="inline-list">
            {[...SECTIONS, ...(user.role === 'admin' ? ADMIN_SECTIONS : [])].map((s) => (
              <li key={s.href}>
                <Link href={s.href}>{s.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <button
            type="button"
            className="button-quiet"
            aria-pressed={theme === 'dark'}
            onClick={toggleTheme}
          >
            Dark theme
          </button>
          <button type="button" className="button-quiet" onClick={() => setShowingShortcuts(true)}>
            Shortcuts
          </button>
          <span className="account-email" title={user.email}>
            {user.email}
          </span>
          <button
            type="button"
            className="button-quiet"
            onClick={() => void signOut().catch(setError)}
          >
            Sign out
          </button>
        </div>
      </header>
      <ErrorNotice error={error} onDismiss={() => setError(undefined)} />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      {showingShortcuts && <ShortcutsDialog onClose={() => setShowingShortcuts(false)} />}
    </>
  );
}
