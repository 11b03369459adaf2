import { useEffect, useRef } from 'react';
import type { Place } from './place';

/**
 * The document's extracted text, with the cited range marked and scrolled to the middle of
 * the view. The mark takes the focus, so that a keyboard or screen reader starts there.
 */
export function TextView({ text, place }: { text: string; place: Place }) {
  const mark = useRef<HTMLElement>(null);
  const { from, to } = place;
  const range = from !== undefined && to !== undefined && from < text.length ? { from, to } : null;

  useEffect(() => {
    const element = mark.current;
    if (!element) return;
    element.scrollIntoView?.({ block: 'center' });
    element.focus({ preventScroll: true });
  }, [range?.from, range?.to]);

  return (
    <div className="document-text">
      {range ? (
        <>
          {text.slice(0, range.from)}
          <mark ref={mark} tabIndex={-1}>
            {text.slice(range.from, range.to)}
          </mark>
          {text.slice(range.to)}
        </>
      ) : (
        text
      )}
    </div>
  );
}
