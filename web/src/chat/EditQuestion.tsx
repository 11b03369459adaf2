import { useId, useState } from 'react';

/** A question in new words: asked again from its place, the old one kept as a branch. */
export function EditQuestion({
  text,
  onAsk,
  onCancel,
}: {
  text: string;
  onAsk: (question: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(text);
  const id = useId();
  const question = value.trim();
  return (
    <form
      className="edit-question"
      onSubmit={(event) => {
        event.preventDefault();
        if (question) onAsk(question);
      }}
    >
      <label htmlFor={id}>Edit the question</label>
      <textarea
        id={id}
        rows={2}
        value={value}
        autoFocus
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
        }}
      />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={!question}>
          Ask again
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
