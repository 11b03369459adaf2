import { useEffect, useRef } from 'react';

/**
 * Calls `poll` every `intervalMs` while `active`, one call at a time (the next waits for the
 * previous to finish); stops when no longer active or on unmount, aborting a call under way.
 */
export function usePolling(
  poll: (signal: AbortSignal) => Promise<void>,
  active: boolean,
  intervalMs: number,
) {
  // The latest poll, so a re-render does not restart the timer.
  const latest = useRef(poll);
  useEffect(() => {
    latest.current = poll;
  });

  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      timer = setTimeout(() => {
        void latest.current(controller.signal).finally(() => {
          if (!controller.signal.aborted) schedule();
        });
      }, intervalMs);
    };
    schedule();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [active, intervalMs]);
}
