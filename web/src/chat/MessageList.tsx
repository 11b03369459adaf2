import type { Message } from '../api/types';
import { Answer } from './Answer';
import type { OnCite } from './markdown';
import type { Turn } from './turn';

/** Who speaks, for screen readers moving from message to message by heading. */
const Speaker = ({ name }: { name: string }) => <h3 className="visually-hidden">{name}</h3>;

function Question({ text }: { text: string }) {
  return (
    <li className="message message-user">
      <Speaker name="You" />
      <p className="question">{text}</p>
    </li>
  );
}

function SavedMessage({ message, onCite }: { message: Message; onCite: OnCite }) {
  if (message.role === 'user') return <Question text={message.content} />;
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
    </li>
  );
}

/** The saved messages, oldest first, then the question being answered and its answer so far. */
export function MessageList({
  messages,
  turn,
  onCite,
}: {
  messages: readonly Message[];
  turn?: Turn;
  onCite: OnCite;
}) {
  const questionSaved = turn !== undefined && messages.some((m) => m.id === turn.userMessageId);
  return (
    <ol className="messages">
      {messages.map((message) => (
        <SavedMessage key={message.id} message={message} onCite={onCite} />
      ))}
      {turn && !questionSaved && <Question text={turn.question} />}
      {turn && (
        <li className="message message-assistant" aria-busy={turn.state === 'streaming'}>
          <Speaker name="Docket" />
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
