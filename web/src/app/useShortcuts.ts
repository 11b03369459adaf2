import { useEffect } from 'react';
import { useLocation } from 'wouter';
import { requestFocus } from './focusRequests';
import { shortcuts, type ShortcutAction } from './shortcuts';

/** Listens for the keyboard shortcuts on every signed-in page; `onShow` opens their list. */
export function useShortcuts(onShow: () => void) {
  const [path, navigate] = useLocation();
  useEffect(() => {
    const run: Record<ShortcutAction, () => void> = {
      'new-chat': () => {
        navigate('/chat');
        requestFocus('composer');
      },
      'focus-composer': () => {
        if (!path.startsWith('/chat')) navigate('/chat');
        requestFocus('composer');
      },
      'search-documents': () => {
        navigate('/documents');
        requestFocus('document-search');
      },
      'show-shortcuts': onShow,
    };
    const list = shortcuts();
    const onKeyDown = (event: KeyboardEvent) => {
      // A dialog is open: its keys first (Escape closes it).
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const shortcut = list.find((s) => s.matches(event));
      if (!shortcut) return;
      event.preventDefault();
      run[shortcut.action]();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [path, navigate, onShow]);
}
