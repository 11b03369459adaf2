import type { Citation } from '../api/types';
import { Link } from '../app/Link';
import { Dialog } from '../ui/Dialog';
import { OcrBadge } from '../ui/OcrBadge';
import { placeHref } from '../viewer/place';

/** Said when the server's check found that the passage does not back the sentence citing it. */
function UnsupportedNote({ support }: { support?: number }) {
  const share = support === undefined ? '' : ` (${Math.round(support * 100)}% of its words)`;
  return (
    <div className="notice notice-warn" role="note">
      <p>
        Not supported: this passage shares too few words with the sentence that cites it{share}, so
        it may not say what the answer says. Read it before relying on the answer.
      </p>
    </div>
  );
}

/** The passage an answer cites, with its document and page, in a modal dialog. */
export function CitationDialog({ citation, onClose }: { citation: Citation; onClose: () => void }) {
  return (
    <Dialog title={citation.title} onClose={onClose}>
      {citation.page !== undefined && <p className="citation-where">{`Page ${citation.page}`}</p>}
      {citation.heading && <p className="citation-where">{citation.heading}</p>}
      {citation.ocr && (
        <p className="citation-where">
          Read by OCR from a picture of the page <OcrBadge />
        </p>
      )}
      {citation.supported === false && <UnsupportedNote support={citation.support} />}
      <blockquote className="citation-passage">{citation.text}</blockquote>
      <p>
        <Link href={placeHref(citation)}>Open the document at this passage</Link>
      </p>
    </Dialog>
  );
}
