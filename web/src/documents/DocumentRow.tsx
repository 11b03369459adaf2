import type { DocumentItem } from '../api/types';
import { useSession } from '../app/session';
import { AddToCollection } from '../collections/AddToCollection';
import { ErrorNotice } from '../ui/ErrorNotice';
import { OcrBadge } from '../ui/OcrBadge';
import { formatBytes, formatDateTime } from '../ui/format';
import { originalUrl } from './api';
import { useCancelDocument, useDeleteDocument, useRefreshDocument } from './queries';
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

/** A page's last fetch, changed or not: how fresh its passages are. */
function Fetched({ doc }: { doc: DocumentItem }) {
  if (doc.source !== 'url') return null;
  return (
    <p className="hint">
      {doc.fetchedAt ? `Fetched ${formatDateTime(doc.fetchedAt)}` : 'Not fetched yet'}
    </p>
  );
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
 * ingestion goes, cancel while it is pending, fetch a page again, and delete.
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
  const refreshing = useRefreshDocument();
  const mutations = [cancelling, deleting, refreshing];
  /** One action's error at a time: starting one clears the others'. */
  const start = (mutation: (typeof mutations)[number]) =>
    mutations.forEach((m) => m !== mutation && m.reset());

  function cancel() {
    start(cancelling);
    cancelling.mutate(doc.id);
  }

  function refresh() {
    start(refreshing);
    refreshing.mutate(doc.id);
  }

  async function remove() {
    if (!window.confirm(`Delete “${doc.title}”? Chat will no longer find or cite it.`)) return;
    start(deleting);
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
          {kind && ` · ${kind}`}
          {/* A picture's text is all OCR's (a scanned PDF's pages say so in search and citations). */}
          {(doc.kind === 'png' || doc.kind === 'jpeg') && <OcrBadge />} ·{' '}
          {formatBytes(doc.sizeBytes)} · added {formatDateTime(doc.createdAt)}
          {!mine && ` · shared by ${doc.owner.name}`} ·{' '}
          <a
            href={originalUrl(doc.id)}
            download
            aria-label={`Download the original of ${doc.title}`}
          >
            original
          </a>
        </p>
        <Fetched doc={doc} />
        <Status doc={doc} />
      </div>
      {mine && doc.source === 'url' && doc.status === 'ready' && (
        <button
          type="button"
          aria-label={`${refreshing.isPending ? 'Refreshing' : 'Refresh'} ${doc.title}`}
          disabled={refreshing.isPending}
          onClick={refresh}
        >
          {refreshing.isPending ? 'Refreshing…' : 'Refresh'}
        </button>
      )}
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
      <ErrorNotice error={cancelling.error ?? deleting.error ?? refreshing.error} />
    </li>
  );
}
