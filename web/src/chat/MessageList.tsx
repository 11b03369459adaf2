import { useState } from 'react';
import type { AttachmentProgress, Message } from '../api/types';
import { Answer } from './Answer';
import { BranchSwitcher } from './BranchSwitcher';
import { CopyButton } from './CopyButton';
import { EditQuestion } from './EditQuestion';
import type { OnCite } from './markdown';
import type { Turn } from './turn';

/** What the reader can do to the saved messages. */
export interface MessageActions {
  /** An answer is being written: nothing is asked or switched meanwhile. */
  busy: boolean;
  onRegenerate: () => void;
  onEdit: (messageId: string, question: string) => void;
  onShowBranch: (messageId: string) => void;
  /** An answer's model, as the server labels it. */
  modelLabel: (id: string) => string;
}

/** Who speaks, for screen readers moving from message to message by heading. */
const Speaker = ({ name }: { name: string }) => <h3 className="visually-hidden">{name}</h3>;

const STATUS_WORDS: Record<AttachmentProgress['status'], string> = {
  queued: 'waiting to be read',
  processing: 'being read',
  ready: 'ready',
  failed: 'could not be read',
};

function Attachments({
  items,
  label = 'Attached documents',
}: {
  label?: string;
  items: readonly (AttachmentProgress | Message['attachments'][number])[];
}) {
  if (items.length === 0) return null;
  return (
    <ul className="attachments" aria-label={label}>
      {items.map((a) => (
        <li key={a.documentId}>
          {a.title}
          {'status' in a &&
            ` — ${STATUS_WORDS[a.status]}${a.status === 'processing' ? ` (${Math.round(a.progress)} %)` : ''}`}
        </li>
      ))}
    </ul>
  );
}

function Question({
  message,
  text,
  actions,
}: {
  message?: Message;
  text: string;
  actions?: MessageActions;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <li className="message message-user">
      <Speaker name="You" />
      {editing && message && actions ? (
        <EditQuestion
          text={text}
          onCancel={() => setEditing(false)}
          onAsk={(question) => {
            setEditing(false);
            actions.onEdit(message.id, question);
          }}
        />
      ) : (
        <p className="question">{text}</p>
      )}
      {message && <Attachments items={message.attachments} />}
      {message && actions && !editing && (
        <div className="message-actions">
          <BranchSwitcher message={message} disabled={actions.busy} onShow={actions.onShowBranch} />
          <button
            type="button"
            className="button-quiet"
            disabled={actions.busy}
            onClick={() => setEditing(true)}
          >
            Edit
          </button>
        </div>
      )}
    </li>
  );
}

function SavedAnswer({
  message,
  last,
  onCite,
  actions,
}: {
  message: Message;
  last: boolean;
  onCite: OnCite;
  actions: MessageActions;
}) {
  return (
    <li className="message message-assistant">
      <Speaker name="Docket" />
      <Answer
        content={message.content}
        citations={message.citations}
        toolCalls={message.toolCalls}
        error={message.status === 'error' ? (message.error ?? 'no reason given') : null}
        onCite={onCite}
      />
      <div className="message-actions">
        <BranchSwitcher message={message} disabled={actions.busy} onShow={actions.onShowBranch} />
        {message.model && <span className="hint">{actions.modelLabel(message.model)}</span>}
        <CopyButton text={message.content} />
        {last && (
          <button
            type="button"
            className="button-quiet"
            disabled={actions.busy}
            onClick={actions.onRegenerate}
          >
            Regenerate
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * The saved messages of the branch shown, oldest first, then the question being answered and
 * its answer so far; a question edited or asked again hides from its place on meanwhile.
 */
export function MessageList({
  messages,
  turn,
  replaces,
  onCite,
  actions,
}: {
  messages: readonly Message[];
  turn?: Turn;
  replaces?: string;
  onCite: OnCite;
  actions: MessageActions;
}) {
  const cut = replaces === undefined ? -1 : messages.findIndex((m) => m.id === replaces);
  const shown = cut === -1 ? messages : messages.slice(0, cut);
  const questionSaved = turn !== undefined && shown.some((m) => m.id === turn.userMessageId);
  const end = shown.at(-1);
  const lastAnswer = !turn && end?.role === 'assistant' ? end : undefined;
  return (
    <ol className="messages">
      {shown.map((message) =>
        message.role === 'user' ? (
          <Question key={message.id} message={message} text={message.content} actions={actions} />
        ) : (
          <SavedAnswer
            key={message.id}
            message={message}
            last={message === lastAnswer}
            onCite={onCite}
            actions={actions}
          />
        ),
      )}
      {turn && !questionSaved && <Question text={turn.question} />}
      {turn && (
        <li className="message message-assistant" aria-busy={turn.state === 'streaming'}>
          <Speaker name="Docket" />
          <Attachments items={turn.attachments} label="Reading the attached documents" />
          <Answer
            content={turn.answer}
            citations={turn.citations}
            toolCalls={turn.toolCalls}
            error={turn.error}
            streaming={turn.state === 'streaming'}
            onCite={onCite}
          />
          {turn.state === 'stopped' && (
            <p className="answer-note">
              Stopped. The server still finishes this answer and saves it in this conversation.
            </p>
          )}
        </li>
      )}
    </ol>
  );
}
