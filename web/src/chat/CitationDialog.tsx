import type { Citation } from '../api/types';
import { Link } from '../app/Link';
import { Dialog } from '../ui/Dialog';

/** The passage an answer cites, with its document and page, in a modal dialog. */
export function CitationDialog({ citation, onClose }: { citation: Citation; onClose: () => void }) {
  return (
    <Dialog title={citation.title} onClose={onClose}>
      {citation.page !== undefined && <p className="citation-where">{`Page ${citation.page}`}</p>}
      {citation.heading && <p className="citation-where">{citation.heading}</p>}
      <blockquote className="citation-passage">{citation.text}</blockquote>
      <p>
        <Link href="/documents">Open in documents</Link>
      </p>
    </Dialog>
  );
}
