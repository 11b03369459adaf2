import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Conversation } from '../api/types';
import { Link } from '../app/Link';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SaveCancel } from '../ui/SaveCancel';
import { Field } from '../ui/Field';
import { formatDateTime } from '../ui/format';

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
  onRename,
  onDelete,
}: {
  conversation: Conversation;
  onRename: (title: string) => Promise<void>;
  onDelete: () => Promise<void>;
}) {
  const { id, title, updatedAt } = conversation;
  const [renaming, setRenaming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);

  // Back from the form, the keyboard goes on from the Rename button.
  useEffect(() => {
    if (wasRenaming.current && !renaming) renameButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);

  async function remove() {
    if (!window.confirm(`Delete the conversation “${title}” and all its messages?`)) return;
    setBusy(true);
    setError(undefined);
    try {
      await onDelete();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <li className="conversation">
      {renaming ? (
        <RenameForm
          title={title}
          onSave={async (newTitle) => {
            await onRename(newTitle);
            setRenaming(false);
          }}
          onCancel={() => setRenaming(false)}
        />
      ) : (
        <>
          <Link href={`/chat/${id}`} className="conversation-link">
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
              disabled={busy}
              onClick={() => void remove()}
            >
              Delete
            </button>
          </div>
        </>
      )}
      <ErrorNotice error={error} onDismiss={() => setError(undefined)} />
    </li>
  );
}
