import { useCallback, useRef } from 'react';

/**
 * Where the focus goes once an item is deleted (a list's heading, with tabIndex -1): the
 * Delete button that had it is gone, and the focus would fall back to the top of the page.
 */
export function useFocusAfterDelete<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const focus = useCallback(() => ref.current?.focus(), []);
  return [ref, focus] as const;
}
