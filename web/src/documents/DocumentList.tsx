import type { DocumentItem } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useFocusAfterDelete } from '../ui/useFocusAfterDelete';
import { DocumentRow } from './DocumentRow';

/**
 * The user's documents, newest first, with "Load more" while there are more. A failed read
 * (the first, or one of those that follow ingestion) is shown under the list as it was.
 */
export function DocumentList({
  items,
  hasMore,
  loading,
  loadingMore,
  error,
  loadMore,
  filtered,
}: {
  items: DocumentItem[] | undefined;
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  loadMore: () => void;
  /** One collection's documents are shown, not all. */
  filtered: boolean;
}) {
  const [heading, focusList] = useFocusAfterDelete<HTMLHeadingElement>();
  return (
    <section className="document-list" aria-busy={loading}>
      <h2 ref={heading} tabIndex={-1}>
        Library
      </h2>
      {items === undefined && loading && <p className="hint">Loading documents…</p>}
      {items?.length === 0 && filtered && (
        <p className="empty">No documents in this collection yet.</p>
      )}
      {items?.length === 0 && !filtered && (
        <p className="empty">
          No documents yet — upload files, add a web page or paste text above.
        </p>
      )}
      {items && items.length > 0 && (
        <ul className="card-list">
          {items.map((doc) => (
            <DocumentRow key={doc.id} doc={doc} onDeleted={focusList} />
          ))}
        </ul>
      )}
      <ErrorNotice error={error} />
      {hasMore && (
        <button type="button" disabled={loadingMore} onClick={loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}
