import { useCallback, useRef } from 'react';

/**
 * An element (a heading, with tabIndex -1) to move the keyboard focus to when the control
 * that had it goes away, as after deleting a row: otherwise the focus falls back to the top
 * of the page.
 */
export function useFocusTarget<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const focus = useCallback(() => ref.current?.focus(), []);
  return [ref, focus] as const;
}
