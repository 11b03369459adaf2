import { useId, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { ErrorNotice } from '../ui/ErrorNotice';
import { usePagedList } from '../ui/pagedList';
import { ConversationItem } from './ConversationItem';
import { conversationListQuery } from './queries';

/**
 * The conversations, newest first: a sidebar on wide screens; on phones a list above the
 * chat that opens and closes.
 */
export function ConversationList({ activeId, onNew }: { activeId?: string; onNew: () => void }) {
  const { items, hasMore, loadingMore, error, loadMore } = usePagedList(conversationListQuery);
  const [, navigate] = useLocation();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const newButton = useRef<HTMLButtonElement>(null);

  function deleted(id: string) {
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
        <button
          type="button"
          ref={newButton}
          className="button-primary"
          onClick={() => {
            setOpen(false);
            onNew();
          }}
        >
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
                // On a phone, choosing a conversation closes the list, to show the chat.
                onChoose={() => setOpen(false)}
                onDeleted={() => deleted(conversation.id)}
              />
            ))}
          </ul>
        )}
        {hasMore && (
          <button type="button" className="button-quiet" disabled={loadingMore} onClick={loadMore}>
            Show older conversations
          </button>
        )}
      </div>
    </nav>
  );
}
