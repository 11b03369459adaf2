import { useState } from 'react';
import type { Collection, DocumentItem } from '../api/types';
import { useSession } from '../app/session';
import { documentListQuery } from '../documents/queries';
import { ErrorNotice } from '../ui/ErrorNotice';
import { usePagedList } from '../ui/pagedList';
import { SelectField } from '../ui/SelectField';
import { canAddTo, useCollectionDocument } from './queries';

/** A picker of your own documents not in the collection yet (owner and editors). */
function AddDocuments({ collection, inIt }: { collection: Collection; inIt: Set<string> }) {
  const { user } = useSession();
  const mine = usePagedList(documentListQuery());
  const adding = useCollectionDocument();
  const [picked, setPicked] = useState('');
  const candidates = (mine.items ?? []).filter((d) => d.owner.id === user.id && !inIt.has(d.id));

  return (
    <form
      className="inline-form"
      aria-label="Add documents"
      onSubmit={(event) => {
        event.preventDefault();
        const documentId = picked || candidates[0]?.id;
        if (!documentId) return;
        adding.mutate(
          { id: collection.id, documentId, add: true },
          { onSuccess: () => setPicked('') },
        );
      }}
    >
      <SelectField
        label="Add one of your documents"
        value={picked || (candidates[0]?.id ?? '')}
        onChange={(event) => setPicked(event.target.value)}
        disabled={candidates.length === 0}
        options={
          candidates.length === 0
            ? [{ value: '', label: 'All your documents are in it' }]
            : candidates.map((d) => ({ value: d.id, label: d.title }))
        }
      />
      <button
        type="submit"
        className="button-primary"
        disabled={candidates.length === 0 || adding.isPending}
      >
        Add document
      </button>
      {mine.hasMore && (
        <button type="button" onClick={mine.loadMore} disabled={mine.loadingMore}>
          Show more of your documents
        </button>
      )}
      <ErrorNotice error={mine.error ?? adding.error ?? undefined} />
    </form>
  );
}

function DocumentItemRow({ collection, doc }: { collection: Collection; doc: DocumentItem }) {
  const { user } = useSession();
  const removing = useCollectionDocument();
  // A viewer takes out their own documents only (the server decides; this hides the rest).
  const mayRemove = collection.role !== 'viewer' || doc.owner.id === user.id;
  return (
    <li>
      <span className="row-name">{doc.title}</span>
      <span className="hint">{doc.owner.id === user.id ? 'yours' : `by ${doc.owner.name}`}</span>
      {mayRemove && (
        <button
          type="button"
          aria-label={`Remove ${doc.title} from the collection`}
          disabled={removing.isPending}
          onClick={() => removing.mutate({ id: collection.id, documentId: doc.id, add: false })}
        >
          Remove
        </button>
      )}
      <ErrorNotice error={removing.error ?? undefined} />
    </li>
  );
}

/** The collection's documents, each to take out; the picker to add yours. */
export function CollectionDocuments({ collection }: { collection: Collection }) {
  const docs = usePagedList(documentListQuery(collection.id));
  const items = docs.items ?? [];
  return (
    <section className="card" aria-labelledby="collection-documents">
      <h2 id="collection-documents">Documents</h2>
      {docs.loading && <p className="hint">Loading documents…</p>}
      {docs.items?.length === 0 && <p className="empty">No documents in this collection yet.</p>}
      {items.length > 0 && (
        <ul className="row-list">
          {items.map((doc) => (
            <DocumentItemRow key={doc.id} collection={collection} doc={doc} />
          ))}
        </ul>
      )}
      {docs.hasMore && (
        <button type="button" disabled={docs.loadingMore} onClick={docs.loadMore}>
          Load more
        </button>
      )}
      <ErrorNotice error={docs.error} />
      {canAddTo(collection) && (
        <AddDocuments collection={collection} inIt={new Set(items.map((d) => d.id))} />
      )}
    </section>
  );
}
