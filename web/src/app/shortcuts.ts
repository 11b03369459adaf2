// The keyboard shortcuts, in one list: what the `?` dialog shows is what the keys do.

export type ShortcutAction = 'new-chat' | 'focus-composer' | 'search-documents' | 'show-shortcuts';

export interface Shortcut {
  action: ShortcutAction;
  /** The keys as the dialog shows them, one <kbd> each. */
  keys: string[];
  description: string;
  matches: (event: KeyboardEvent) => boolean;
}

/** Ctrl, or ⌘ on a Mac: either works everywhere; the dialog names the one of this keyboard. */
const command = (event: KeyboardEvent) => event.ctrlKey || event.metaKey;
const isMac = () => /Mac|iPhone|iPad/.test(navigator.userAgent);

/** Typing in a field: a plain key is the field's, not a shortcut. */
export const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function shortcuts(): Shortcut[] {
  const mod = isMac() ? '⌘' : 'Ctrl';
  return [
    {
      action: 'new-chat',
      keys: [mod, 'Shift', 'O'],
      description: 'New conversation',
      matches: (e) => command(e) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'o',
    },
    {
      action: 'focus-composer',
      keys: ['Shift', 'Esc'],
      description: 'Go to the message box',
      matches: (e) => e.shiftKey && !command(e) && !e.altKey && e.key === 'Escape',
    },
    {
      action: 'search-documents',
      keys: [mod, 'K'],
      description: 'Search documents',
      matches: (e) => command(e) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'k',
    },
    {
      action: 'show-shortcuts',
      keys: ['?'],
      description: 'Show these shortcuts (outside a text field)',
      matches: (e) => e.key === '?' && !command(e) && !e.altKey && !isTyping(e.target),
    },
  ];
}
