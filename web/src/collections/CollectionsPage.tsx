import { useQuery } from '@tanstack/react-query';
import type { Collection } from '../api/types';
import { Link } from '../app/Link';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { textOf, useSubmit } from '../ui/useSubmit';
import { CollectionView } from './CollectionView';
import { collectionsQuery, useCreateCollection } from './queries';
import { roleText } from './roles';
import './collections.css';

function CreateCollection() {
  const creating = useCreateCollection();
  const { busy, error, onSubmit } = useSubmit(async (values) => {
    await creating.mutateAsync({
      name: textOf(values, 'name'),
      description: textOf(values, 'description'),
    });
  });
  return (
    <form className="card create-collection" onSubmit={onSubmit} aria-labelledby="new-collection">
      <h2 id="new-collection">New collection</h2>
      <Field label="Name" name="name" required maxLength={200} />
      <Field label="Description" name="description" maxLength={2000} hint="Optional" />
      <button type="submit" className="button-primary" disabled={busy}>
        Create collection
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

function CollectionItem({ collection }: { collection: Collection }) {
  return (
    <li className="collection-item">
      <h3>
        <Link href={`/collections/${collection.id}`}>{collection.name}</Link>
      </h3>
      {collection.description && <p>{collection.description}</p>}
      <p className="hint">
        {roleText(collection)} · {collection.documentCount} document
        {collection.documentCount === 1 ? '' : 's'} · {collection.memberCount} member
        {collection.memberCount === 1 ? '' : 's'}
      </p>
    </li>
  );
}

function CollectionList() {
  const { data: collections, error, isPending } = useQuery(collectionsQuery);
  return (
    <section aria-labelledby="collections-heading" aria-busy={isPending}>
      <h2 id="collections-heading">Your collections and those shared with you</h2>
      {isPending && <p className="hint">Loading collections…</p>}
      <ErrorNotice error={error} />
      {collections?.length === 0 && (
        <p className="empty">No collections yet — create one to share documents.</p>
      )}
      {collections && collections.length > 0 && (
        <ul className="card-list">
          {collections.map((c) => (
            <CollectionItem key={c.id} collection={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The collections list and a form for a new one, or (`id`) one collection. */
export function CollectionsPage({ id }: { id?: string }) {
  if (id) return <CollectionView key={id} id={id} />;
  return (
    <div className="collections-page">
      <h1>Collections</h1>
      <p className="hint">
        A collection shares documents with people who have an account here, as viewers (search and
        cite) or editors (also add and remove documents). A document in no collection is yours
        alone.
      </p>
      <CreateCollection />
      <CollectionList />
    </div>
  );
}
