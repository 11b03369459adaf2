import type { DocumentItem } from '../api/types';
import { useSession } from '../app/session';
import { AddToCollection } from '../collections/AddToCollection';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatBytes, formatDateTime } from '../ui/format';
import { originalUrl } from './api';
import { useCancelDocument, useDeleteDocument } from './queries';
import { isPending, kindName, passages, statusText } from './status';

/** Where the document came from: its file, its page (a link), or pasted text. */
function Source({ doc }: { doc: DocumentItem }) {
  if (doc.source === 'url' && doc.sourceUrl)
    return (
      <a href={doc.sourceUrl} target="_blank" rel="noreferrer" className="document-url">
        {doc.sourceUrl}
      </a>
    );
  if (doc.source === 'upload') return <>{doc.fileName ?? 'Uploaded file'}</>;
  return <>Pasted text</>;
}

function Status({ doc }: { doc: DocumentItem }) {
  return (
    <div className="document-status">
      <p>
        {/* The status text on its own, exactly as named (tests and screen readers read it). */}
        <span className={`status status-${doc.status}`}>{statusText(doc)}</span>
        {doc.status === 'ready' && <span className="hint"> · {passages(doc.chunkCount)}</span>}
      </p>
      {isPending(doc) && (
        <progress
          aria-label={`${doc.title} ingestion`}
          max={100}
          // Queued: no value, so the bar shows it is waiting rather than 0% done.
          value={doc.status === 'processing' ? doc.progress : undefined}
        />
      )}
    </div>
  );
}

/**
 * One document: what it is, where it came from (and its original file to download), how its
 * ingestion goes, cancel while it is pending, and delete.
 */
export function DocumentRow({
  doc,
  onDeleted,
}: {
  doc: DocumentItem;
  /** After the document is deleted (it is then gone from the list). */
  onDeleted: () => void;
}) {
  const { user } = useSession();
  const mine = doc.owner.id === user.id;
  const cancelling = useCancelDocument();
  const deleting = useDeleteDocument();

  function cancel() {
    deleting.reset();
    cancelling.mutate(doc.id);
  }

  async function remove() {
    if (!window.confirm(`Delete “${doc.title}”? Chat will no longer find or cite it.`)) return;
    cancelling.reset();
    try {
      await deleting.mutateAsync(doc.id);
      onDeleted();
    } catch {
      // shown below, from the mutation's error
    }
  }

  const kind = kindName(doc);
  return (
    <li className="document">
      <div className="document-body">
        <h3 className="document-title">{doc.title}</h3>
        <p className="document-meta">
          <Source doc={doc} />
          {kind && ` · ${kind}`} · {formatBytes(doc.sizeBytes)} · added{' '}
          {formatDateTime(doc.createdAt)}
          {!mine && ` · shared by ${doc.owner.name}`} ·{' '}
          <a
            href={originalUrl(doc.id)}
            download
            aria-label={`Download the original of ${doc.title}`}
          >
            original
          </a>
        </p>
        <Status doc={doc} />
      </div>
      {mine && <AddToCollection doc={doc} />}
      {mine && isPending(doc) && (
        <button
          type="button"
          aria-label={`Cancel ${doc.title}`}
          disabled={cancelling.isPending}
          onClick={cancel}
        >
          Cancel
        </button>
      )}
      {mine && (
        <button
          type="button"
          className="button-danger"
          aria-label={`Delete ${doc.title}`}
          disabled={deleting.isPending || deleting.isSuccess}
          onClick={() => void remove()}
        >
          Delete
        </button>
      )}
      <ErrorNotice error={cancelling.error ?? deleting.error} />
    </li>
  );
}
