import { useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';

/** The server's limit for one message. */
const MAX_LENGTH = 20_000;

/** The message box's id, for the page's link straight to it. */
export const MESSAGE_BOX_ID = 'chat-message';

/** The message box: Enter sends, Shift+Enter adds a line; Stop while an answer streams. */
export function Composer({
  streaming,
  onSend,
  onStop,
  box,
  attachments,
  onAttach,
  waiting = false,
}: {
  streaming: boolean;
  /** The files attached to the next question, shown above the box. */
  attachments?: ReactNode;
  onAttach?: (files: File[]) => void;
  /** A file is still being uploaded: the question waits for it. */
  waiting?: boolean;
  /** Resolves false when the question was not saved: the box then gets it back. */
  onSend: (question: string) => Promise<boolean>;
  onStop: () => void;
  box: RefObject<HTMLTextAreaElement | null>;
}) {
  const [text, setText] = useState('');
  const question = text.trim();

  async function send() {
    if (!question || streaming || waiting) return;
    setText('');
    box.current?.focus();
    const saved = await onSend(question);
    // Unless something new was typed meanwhile.
    if (!saved) setText((typed) => typed || question);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <div className="composer-label">
        <label htmlFor={MESSAGE_BOX_ID}>Message</label>
        <span className="hint" id={`${MESSAGE_BOX_ID}-hint`}>
          Enter sends, Shift+Enter adds a line
        </span>
      </div>
      {attachments}
      <div className="composer-row">
        <textarea
          id={MESSAGE_BOX_ID}
          ref={box}
          rows={2}
          maxLength={MAX_LENGTH}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={`${MESSAGE_BOX_ID}-hint`}
          placeholder="Ask about your documents, or ask for a task"
        />
        {streaming && (
          <button
            type="button"
            onClick={() => {
              onStop();
              box.current?.focus();
            }}
          >
            Stop
          </button>
        )}
        {onAttach && (
          <label className="button attach">
            Attach a file
            <input
              type="file"
              multiple
              className="visually-hidden"
              onChange={(event) => {
                onAttach([...(event.target.files ?? [])]);
                event.target.value = '';
              }}
            />
          </label>
        )}
        <button
          type="submit"
          className="button-primary"
          disabled={!question || streaming || waiting}
        >
          Send
        </button>
      </div>
    </form>
  );
}
