import { useEffect, useId, useRef, useState } from 'react';
import { navigate } from '../app/router';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ConversationItem } from './ConversationItem';
import type { ConversationsState } from './useConversations';

/**
 * The conversations, newest first: a sidebar on wide screens; on phones a list above the
 * chat that opens and closes.
 */
export function ConversationList({
  conversations,
  activeId,
  onNew,
}: {
  conversations: ConversationsState;
  activeId?: string;
  onNew: () => void;
}) {
  const { items, hasMore, error, loadMore, rename, remove } = conversations;
  const [open, setOpen] = useState(false);
  const listId = useId();
  const newButton = useRef<HTMLButtonElement>(null);

  // On a phone, choosing a conversation closes the list, to show the chat.
  useEffect(() => setOpen(false), [activeId]);

  async function removeConversation(id: string) {
    await remove(id);
    if (id === activeId) navigate('/chat');
    newButton.current?.focus();
  }

  return (
    <nav aria-label="Conversations" className={open ? 'conversations open' : 'conversations'}>
      <div className="conversations-head">
        <h2>
          <span className="conversations-title">Conversations</span>
          <button
            type="button"
            className="conversations-toggle"
            aria-expanded={open}
            aria-controls={listId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide conversations' : 'Show conversations'}
          </button>
        </h2>
        <button type="button" ref={newButton} className="button-primary" onClick={onNew}>
          New conversation
        </button>
      </div>
      <div id={listId} className="conversations-body">
        <ErrorNotice error={error} />
        {items === undefined && !error && <p className="hint">Loading…</p>}
        {items?.length === 0 && <p className="hint">No conversations yet.</p>}
        {items && items.length > 0 && (
          <ul>
            {items.map((conversation) => (
              <ConversationItem
                key={conversation.id}
                conversation={conversation}
                onRename={(title) => rename(conversation.id, title)}
                onDelete={() => removeConversation(conversation.id)}
              />
            ))}
          </ul>
        )}
        {hasMore && (
          <button type="button" className="button-quiet" onClick={loadMore}>
            Show older conversations
          </button>
        )}
      </div>
    </nav>
  );
}
