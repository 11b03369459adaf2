import { lazy, Suspense } from 'react';
import type { Citation, ToolCallRecord } from '../api/types';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { asSentence } from '../ui/format';
import type { OnCite } from './markdown';
import { describeToolCall, toolCallState } from './toolCalls';

/**
 * The Markdown renderer (react-markdown, remark-gfm: most of the chat page's weight) is a
 * chunk of its own: a new conversation, where a visit starts, shows without waiting for it.
 * The chat page asks for it as soon as it is shown; until it is there, answers show as text.
 */
export const loadMarkdown = () => import('./markdown');
const Markdown = lazy(() => loadMarkdown().then((m) => ({ default: m.Markdown })));

function ToolCalls({ calls, streaming }: { calls: readonly ToolCallRecord[]; streaming: boolean }) {
  if (calls.length === 0) return null;
  return (
    <ul className="tool-calls" aria-label="What the assistant did">
      {calls.map((call) => {
        const state = toolCallState(call, streaming);
        return (
          <li key={call.id} className={`tool-call tool-call-${state}`}>
            {describeToolCall(call, state)}
          </li>
        );
      })}
    </ul>
  );
}

/** The answer as it was written, when it could not be shown as Markdown. */
function RawAnswer({ content }: { content: string }) {
  return (
    <>
      <p className="answer-note">
        This answer could not be formatted; here is its text as written.
      </p>
      <p className="answer-raw">{content}</p>
    </>
  );
}

/** An assistant's answer: what it did, what it wrote, and why it failed if it did. */
export function Answer({
  content,
  citations,
  toolCalls,
  error,
  streaming = false,
  onCite,
}: {
  content: string;
  citations: readonly Citation[];
  toolCalls: readonly ToolCallRecord[];
  error?: string | null;
  streaming?: boolean;
  onCite: OnCite;
}) {
  return (
    <>
      <ToolCalls calls={toolCalls} streaming={streaming} />
      {/* One answer that cannot be rendered shows as plain text; the page and the others stay. */}
      <ErrorBoundary fallback={<RawAnswer content={content} />}>
        <div className="answer-text">
          {/* Below the page's h2 (the conversation) and each message's h3. */}
          <Suspense fallback={<p className="answer-raw">{content}</p>}>
            <Markdown text={content} citations={citations} onCite={onCite} headingOffset={3} />
          </Suspense>
        </div>
      </ErrorBoundary>
      {streaming && !content && <p className="answer-pending">Answering…</p>}
      {error && (
        <div className="notice notice-error" role="alert">
          <p>{asSentence(error)}</p>
        </div>
      )}
    </>
  );
}
