import { useCallback, useRef } from 'react';

/**
 * Wraps a list's `remove` so that the focus then moves to `ref` (a heading with tabIndex -1):
 * the Delete button that had it is gone, and the focus would fall back to the top of the page.
 */
export function useRemoveThenFocus<T extends HTMLElement>(remove: (id: string) => void) {
  const ref = useRef<T>(null);
  const removeThenFocus = useCallback(
    (id: string) => {
      remove(id);
      ref.current?.focus();
    },
    [remove],
  );
  return [ref, removeThenFocus] as const;
}
