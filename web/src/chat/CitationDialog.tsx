import { useEffect, useId, useRef } from 'react';
import type { Citation } from '../api/types';
import { Link } from '../app/Link';

/** The passage an answer cites, with its document and page, in a modal dialog. */
export function CitationDialog({ citation, onClose }: { citation: Citation; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    // Escape closes a modal <dialog> by itself; either way `close` tells the page. A click on
    // the backdrop (outside the content, on the dialog itself) closes it too.
    <dialog
      ref={dialog}
      className="citation-dialog"
      aria-labelledby={headingId}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) event.currentTarget.close();
      }}
    >
      <div className="citation-dialog-content">
        <div className="citation-dialog-head">
          <h2 id={headingId}>{citation.title}</h2>
          <button type="button" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
        {citation.page !== undefined && <p className="citation-where">{`Page ${citation.page}`}</p>}
        {citation.heading && <p className="citation-where">{citation.heading}</p>}
        <blockquote className="citation-passage">{citation.text}</blockquote>
        <p>
          <Link href="/documents">Open in documents</Link>
        </p>
      </div>
    </dialog>
  );
}
