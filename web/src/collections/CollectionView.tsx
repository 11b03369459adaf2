import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import type { Collection } from '../api/types';
import { Link } from '../app/Link';
import { useSession } from '../app/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { SaveCancel } from '../ui/SaveCancel';
import { textOf, useSubmit } from '../ui/useSubmit';
import { CollectionDocuments } from './CollectionDocuments';
import { CollectionMembers } from './CollectionMembers';
import {
  collectionQuery,
  useChangeCollection,
  useDeleteCollection,
  useRemoveMember,
} from './queries';
import { roleText } from './roles';
import './collections.css';

function EditCollection({ collection, onDone }: { collection: Collection; onDone: () => void }) {
  const changing = useChangeCollection(collection.id);
  const { busy, error, onSubmit } = useSubmit(async (values) => {
    await changing.mutateAsync({
      name: textOf(values, 'name'),
      description: textOf(values, 'description'),
    });
    onDone();
  });
  return (
    <form className="card" onSubmit={onSubmit} aria-label="Rename the collection">
      <Field label="Name" name="name" required maxLength={200} defaultValue={collection.name} />
      <Field
        label="Description"
        name="description"
        maxLength={2000}
        defaultValue={collection.description}
      />
      <SaveCancel busy={busy} onCancel={onDone} className="form-actions" />
      <ErrorNotice error={error} />
    </form>
  );
}

/** Delete (its owner) or leave (a member); either way, back to the list. */
function EndActions({ collection }: { collection: Collection }) {
  const { user } = useSession();
  const [, navigate] = useLocation();
  const deleting = useDeleteCollection();
  const leaving = useRemoveMember(collection.id);

  function remove() {
    const question = `Delete the collection “${collection.name}”? Its documents stay with their owners, shared no more through it.`;
    if (!window.confirm(question)) return;
    deleting.mutate(collection.id, { onSuccess: () => navigate('/collections') });
  }

  function leave() {
    const question = `Leave “${collection.name}”? Your documents in it leave with you.`;
    if (!window.confirm(question)) return;
    leaving.mutate(user.id, { onSuccess: () => navigate('/collections') });
  }

  return (
    <div className="collection-end">
      {collection.role === 'owner' ? (
        <button
          type="button"
          className="button-danger"
          disabled={deleting.isPending}
          onClick={remove}
        >
          Delete collection
        </button>
      ) : (
        <button type="button" disabled={leaving.isPending} onClick={leave}>
          Leave collection
        </button>
      )}
      <ErrorNotice error={deleting.error ?? leaving.error ?? undefined} />
    </div>
  );
}

/** One collection: what it is, its documents, its members, and what your role lets you do. */
export function CollectionView({ id }: { id: string }) {
  const { data: collection, error } = useQuery(collectionQuery(id));
  const [editing, setEditing] = useState(false);
  return (
    <div className="collections-page">
      <p>
        <Link href="/collections">All collections</Link>
      </p>
      <ErrorNotice error={error} />
      {!collection && !error && <p className="hint">Loading the collection…</p>}
      {collection && (
        <>
          <h1>{collection.name}</h1>
          {collection.description && <p>{collection.description}</p>}
          <p className="hint">{roleText(collection)}</p>
          {collection.role === 'owner' &&
            (editing ? (
              <EditCollection collection={collection} onDone={() => setEditing(false)} />
            ) : (
              <button type="button" onClick={() => setEditing(true)}>
                Rename or describe
              </button>
            ))}
          <CollectionDocuments collection={collection} />
          <CollectionMembers collection={collection} />
          <EndActions collection={collection} />
        </>
      )}
    </div>
  );
}
