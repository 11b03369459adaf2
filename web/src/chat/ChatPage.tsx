import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import type { Citation } from '../api/types';
import { useFocusTarget } from '../app/focusRequests';
import { CollectionPicker } from '../collections/CollectionPicker';
import { settingsQuery } from '../settings/queries';
import { ErrorNotice } from '../ui/ErrorNotice';
import { usePagedList } from '../ui/pagedList';
import { loadMarkdown } from './Answer';
import { AttachmentList } from './AttachmentList';
import { CitationDialog } from './CitationDialog';
import { Composer, MESSAGE_BOX_ID } from './Composer';
import { ConversationList } from './ConversationList';
import { ExportLinks } from './ExportLinks';
import { MessageList, type MessageActions } from './MessageList';
import { ModelPicker } from './ModelPicker';
import { OfflineNote } from './OfflineNote';
import { conversationListQuery, usePickModel, useShowBranch } from './queries';
import { useAttachments } from './useAttachments';
import { useChat } from './useChat';
import './chat.css';

/**
 * Keeps the end of the page (the newest message, above the message box) in view as the
 * conversation grows, unless the reader has scrolled up to read something earlier.
 */
function useKeepNewestInView(
  conversationId: string | undefined,
  conversation: unknown,
  turn: unknown,
) {
  const atEnd = useRef(true);
  useEffect(() => {
    const onScroll = () => {
      const { scrollHeight } = document.documentElement;
      atEnd.current = window.innerHeight + window.scrollY >= scrollHeight - 120;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  useEffect(() => {
    atEnd.current = true;
  }, [conversationId]);
  useLayoutEffect(() => {
    if (atEnd.current) window.scrollTo({ top: document.documentElement.scrollHeight });
  }, [conversation, turn]);
  return useCallback(() => {
    atEnd.current = true;
  }, []);
}

export function ChatPage({ conversationId }: { conversationId?: string }) {
  const [, navigate] = useLocation();
  const conversations = usePagedList(conversationListQuery);
  // The one collection to answer from ('' for all), for every question while it is picked.
  const [collectionId, setCollectionId] = useState('');
  const chat = useChat(conversationId, collectionId || undefined);
  const { data: settings, error: settingsError } = useQuery(settingsQuery);
  const [cited, setCited] = useState<{ citation: Citation; opener: HTMLButtonElement }>();
  const box = useRef<HTMLTextAreaElement>(null);
  useFocusTarget('composer', box);
  // Fetched now, while the reader types: the first answer then renders at once.
  useEffect(() => void loadMarkdown(), []);
  const followNewest = useKeepNewestInView(conversationId, chat.conversation, chat.turn);
  const attachments = useAttachments();
  const branch = useShowBranch(conversationId);
  const pick = usePickModel();
  // A new conversation's model, sent with its first question; a saved one keeps its own.
  const [newModel, setNewModel] = useState<string>();
  const models = settings?.chat.models ?? [];
  const model = chat.conversation?.model ?? newModel ?? settings?.chat.defaultModel ?? '';
  const actions: MessageActions = {
    busy: chat.streaming || branch.isPending,
    onRegenerate: () => {
      followNewest();
      void chat.regenerate();
    },
    onEdit: (messageId, question) => {
      followNewest();
      void chat.edit(messageId, question);
    },
    onShowBranch: (messageId) => branch.mutate(messageId),
    modelLabel: (id) => `Answered by ${models.find((m) => m.id === id)?.label ?? id}`,
  };

  // The list's first: the server titles a new conversation after its first answer, and the
  // list is read again for it.
  const title =
    conversations.items?.find((c) => c.id === conversationId)?.title ??
    chat.conversation?.title ??
    (conversationId ? 'Conversation' : 'New conversation');
  const messages = chat.conversation?.messages ?? [];
  const loading = conversationId !== undefined && !chat.conversation && !chat.loadError;

  return (
    <div className="chat">
      <h1 className="visually-hidden">Chat</h1>
      {/* Past the conversation list and its three controls per conversation. */}
      <a
        className="skip-link"
        href={`#${MESSAGE_BOX_ID}`}
        onClick={(event) => {
          event.preventDefault();
          box.current?.focus();
        }}
      >
        Skip to the message box
      </a>
      <ConversationList
        activeId={conversationId}
        onNew={() => {
          navigate('/chat');
          box.current?.focus();
        }}
      />
      <section className="chat-main" aria-labelledby="chat-title">
        <h2 id="chat-title" className="chat-title">
          {title}
        </h2>
        <div className="chat-tools">
          <ModelPicker
            models={models}
            value={model}
            disabled={chat.streaming || pick.isPending}
            onPick={(picked) => {
              if (conversationId) pick.mutate({ id: conversationId, model: picked });
              else setNewModel(picked);
            }}
          />
          <CollectionPicker
            label="Answer from"
            allLabel="All documents you may read"
            value={collectionId}
            disabled={chat.streaming}
            onPick={setCollectionId}
          />
          {conversationId && chat.conversation && chat.conversation.messages.length > 0 && (
            <ExportLinks conversationId={conversationId} />
          )}
        </div>
        <ErrorNotice error={pick.error ?? undefined} />
        <ErrorNotice error={settingsError} />
        {settings?.chat.provider === 'offline' && <OfflineNote />}
        <ErrorNotice error={chat.loadError} />
        {loading && !chat.turn && <p className="hint">Loading the conversation…</p>}
        {!conversationId && !chat.turn && (
          <p className="chat-empty">
            Ask a question about your documents; answers cite the passages they use.
            {settings?.chat.provider === 'openai' &&
              ' You can also ask to create, list, change or complete tasks.'}
          </p>
        )}
        <MessageList
          messages={messages}
          turn={chat.turn}
          replaces={chat.replaces}
          onCite={(citation, opener) => setCited({ citation, opener })}
          actions={actions}
        />
        <ErrorNotice error={branch.error ?? undefined} />
        {!chat.turn && messages.at(-1)?.role === 'user' && (
          <p className="answer-note">
            No answer is saved for this question yet. One still being written appears here when it
            is done.
          </p>
        )}
        <ErrorNotice error={chat.problem} />
        {/* A failure is an alert of its own; the answer's text is right there, the newest message. */}
        <div className="visually-hidden" aria-live="polite">
          {chat.announcement}
        </div>
        <Composer
          streaming={chat.streaming}
          onSend={async (question) => {
            followNewest();
            const saved = await chat.send(question, {
              ...(attachments.ids.length > 0 ? { attachments: attachments.ids } : {}),
              ...(conversationId === undefined && newModel ? { model: newModel } : {}),
            });
            if (saved) attachments.clear();
            return saved;
          }}
          attachments={
            <AttachmentList files={attachments.attached} onRemove={attachments.remove} />
          }
          onAttach={attachments.add}
          waiting={attachments.uploading}
          onStop={chat.stop}
          box={box}
        />
      </section>
      {cited && (
        <CitationDialog
          citation={cited.citation}
          onClose={() => {
            setCited(undefined);
            if (cited.opener.isConnected) cited.opener.focus();
            else box.current?.focus();
          }}
        />
      )}
    </div>
  );
}
