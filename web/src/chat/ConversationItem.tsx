import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Conversation } from '../api/types';
import { Link } from '../app/Link';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SaveCancel } from '../ui/SaveCancel';
import { Field } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { useDeleteConversation, useRenameConversation } from './queries';

/** When it was last active, briefly: the time today, else the day. */
function lastActive(iso: string): string {
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString()
    ? date.toLocaleTimeString(undefined, { timeStyle: 'short' })
    : date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

function RenameForm({
  title,
  onSave,
  onCancel,
}: {
  title: string;
  onSave: (title: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('title');
    setBusy(true);
    try {
      await onSave(typeof value === 'string' ? value.trim() : '');
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <form
      className="rename-form"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      aria-busy={busy}
    >
      <Field label="Title" name="title" defaultValue={title} required maxLength={200} autoFocus />
      <ErrorNotice error={error} />
      <SaveCancel busy={busy} onCancel={onCancel} className="rename-actions" />
    </form>
  );
}

/** One conversation in the list: a link to it, and buttons to rename or delete it. */
export function ConversationItem({
  conversation,
  onChoose,
  onDeleted,
}: {
  conversation: Conversation;
  onChoose: () => void;
  /** After it is deleted (it is then gone from the list). */
  onDeleted: () => void;
}) {
  const { id, title, updatedAt } = conversation;
  const [renaming, setRenaming] = useState(false);
  const rename = useRenameConversation();
  const deleting = useDeleteConversation();
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);

  // Back from the form, the keyboard goes on from the Rename button.
  useEffect(() => {
    if (wasRenaming.current && !renaming) renameButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);

  async function remove() {
    if (!window.confirm(`Delete the conversation “${title}” and all its messages?`)) return;
    try {
      await deleting.mutateAsync(id);
      onDeleted();
    } catch {
      // shown below, from the mutation's error
    }
  }

  return (
    <li className="conversation">
      {renaming ? (
        <RenameForm
          title={title}
          onSave={async (newTitle) => {
            await rename.mutateAsync({ id, title: newTitle });
            setRenaming(false);
          }}
          onCancel={() => setRenaming(false)}
        />
      ) : (
        <>
          <Link href={`/chat/${id}`} className="conversation-link" onClick={onChoose}>
            {title}
          </Link>
          <div className="conversation-meta">
            <time dateTime={updatedAt} title={formatDateTime(updatedAt)}>
              {lastActive(updatedAt)}
            </time>
            <button
              type="button"
              ref={renameButton}
              className="button-quiet"
              aria-label={`Rename ${title}`}
              onClick={() => setRenaming(true)}
            >
              Rename
            </button>
            <button
              type="button"
              className="button-quiet button-danger"
              aria-label={`Delete ${title}`}
              disabled={deleting.isPending}
              onClick={() => void remove()}
            >
              Delete
            </button>
          </div>
        </>
      )}
      <ErrorNotice error={deleting.error} onDismiss={() => deleting.reset()} />
    </li>
  );
}
