import { useId } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { addText } from './api';
import { textOf, useSubmit } from '../ui/useSubmit';

/** Adds pasted text as a document; Markdown headings are kept as sections. */
export function AddTextForm({ onAdded }: { onAdded: (id: string) => void }) {
  const id = useId();
  const { busy, error, onSubmit } = useSubmit(async (values) => {
    const accepted = await addText(textOf(values, 'title').trim(), textOf(values, 'text'));
    onAdded(accepted.id);
  });
  return (
    <section className="card">
      <h2>Paste text</h2>
      <form onSubmit={onSubmit} aria-busy={busy}>
        <Field label="Title" name="title" required maxLength={300} />
        <div className="field">
          <label htmlFor={`${id}-text`}>Text</label>
          <textarea
            id={`${id}-text`}
            name="text"
            rows={6}
            required
            aria-describedby={`${id}-hint`}
          />
          <p className="hint" id={`${id}-hint`}>
            Plain text or Markdown.
          </p>
        </div>
        <ErrorNotice error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          Add text
        </button>
      </form>
    </section>
  );
}
