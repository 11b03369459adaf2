import type { DocumentItem } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useRemoveThenFocus } from '../ui/useRemoveThenFocus';
import { DocumentRow } from './DocumentRow';

/** The user's documents, newest first, with "Load more" while there are more. */
export function DocumentList({
  items,
  nextCursor,
  loading,
  error,
  pollError,
  loadMore,
  remove,
  replace,
}: {
  items: DocumentItem[] | undefined;
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
  pollError: unknown;
  loadMore: () => Promise<void>;
  remove: (id: string) => void;
  replace: (doc: DocumentItem) => void;
}) {
  const [heading, removeThenFocus] = useRemoveThenFocus<HTMLHeadingElement>(remove);
  return (
    <section className="document-list" aria-busy={loading}>
      <h2 ref={heading} tabIndex={-1}>
        Library
      </h2>
      {items === undefined && loading && <p className="hint">Loading documents…</p>}
      {items?.length === 0 && (
        <p className="empty">
          No documents yet — upload files, add a web page or paste text above.
        </p>
      )}
      {items && items.length > 0 && (
        <ul className="card-list">
          {items.map((doc) => (
            <DocumentRow key={doc.id} doc={doc} onDeleted={removeThenFocus} onChanged={replace} />
          ))}
        </ul>
      )}
      <ErrorNotice error={pollError} />
      <ErrorNotice error={error} />
      {nextCursor && (
        <button type="button" disabled={loading} onClick={() => void loadMore()}>
          Load more
        </button>
      )}
    </section>
  );
}
