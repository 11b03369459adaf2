import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DocumentItem } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SelectField } from '../ui/SelectField';
import { canAddTo, collectionsQuery, useCollectionDocument } from './queries';

/**
 * "Add to collection" on a document you own: opens a picker of the collections you may add
 * to (yours, and those you edit). Nothing is shown while there are none.
 */
export function AddToCollection({ doc }: { doc: DocumentItem }) {
  const { data } = useQuery(collectionsQuery);
  const adding = useCollectionDocument();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState('');
  const [added, setAdded] = useState<string>();
  const targets = (data ?? []).filter(canAddTo);
  if (targets.length === 0) return null;
  const status = added && <p role="status">Added to {added}.</p>;
  if (!open)
    return (
      <>
        <button
          type="button"
          aria-label={`Add ${doc.title} to a collection`}
          onClick={() => {
            setOpen(true);
            setAdded(undefined);
          }}
        >
          Add to collection
        </button>
        {status}
      </>
    );
  const id = picked || targets[0]!.id;
  return (
    <form
      className="inline-form add-to-collection"
      aria-label={`Add ${doc.title} to a collection`}
      onSubmit={(event) => {
        event.preventDefault();
        adding.mutate(
          { id, documentId: doc.id, add: true },
          {
            onSuccess: () => {
              setOpen(false);
              setAdded(targets.find((c) => c.id === id)?.name);
            },
          },
        );
      }}
    >
      <SelectField
        label="Collection"
        value={id}
        onChange={(event) => setPicked(event.target.value)}
        options={targets.map((c) => ({ value: c.id, label: c.name }))}
      />
      <button type="submit" className="button-primary" disabled={adding.isPending}>
        Add
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <ErrorNotice error={adding.error ?? undefined} />
    </form>
  );
}
