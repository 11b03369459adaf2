// Light or dark: the system's preference, unless the reader chose the other one here; the
// choice is remembered in this browser. styles.css holds the colours of both.
import { useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'docket-theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
const systemTheme = (): Theme => (darkQuery().matches ? 'dark' : 'light');

function chosenTheme(): Theme | undefined {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : undefined;
  } catch {
    return undefined; // storage refused (private mode, policy): the system's preference
  }
}

const currentTheme = () => chosenTheme() ?? systemTheme();

/** Marks <html> with the chosen theme; none when following the system (the CSS media query). */
export function applyTheme() {
  const chosen = chosenTheme();
  if (chosen) document.documentElement.dataset.theme = chosen;
  else delete document.documentElement.dataset.theme;
}

const THEME_CHANGED = 'docket:theme';

function subscribe(onChange: () => void) {
  const query = darkQuery();
  // Chosen in another tab: shown here too.
  const stored = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    applyTheme();
    onChange();
  };
  query.addEventListener('change', onChange);
  window.addEventListener(THEME_CHANGED, onChange);
  window.addEventListener('storage', stored);
  return () => {
    query.removeEventListener('change', onChange);
    window.removeEventListener(THEME_CHANGED, onChange);
    window.removeEventListener('storage', stored);
  };
}

/**
 * Switches to the other theme. Choosing what the system prefers anyway forgets the choice, so
 * the page follows the system again from then on.
 */
export function toggleTheme() {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  try {
    if (next === systemTheme()) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered; it still applies to this page
    document.documentElement.dataset.theme = next;
    window.dispatchEvent(new Event(THEME_CHANGED));
    return;
  }
  applyTheme();
  window.dispatchEvent(new Event(THEME_CHANGED));
}

/** The theme shown now, following the system and other tabs' choices as they change. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, () =>
    document.documentElement.dataset.theme === 'dark' ||
    (!document.documentElement.dataset.theme && systemTheme() === 'dark')
      ? 'dark'
      : 'light',
  );
}
