import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { addPage } from './api';
import { textOf, useSubmit } from '../ui/useSubmit';

/** Adds a web page by its address; the server fetches it in the background. */
export function AddPageForm({ onAdded }: { onAdded: (id: string) => void }) {
  const { busy, error, onSubmit } = useSubmit(async (values) => {
    const accepted = await addPage(textOf(values, 'url').trim());
    onAdded(accepted.id);
  });
  return (
    <section className="card">
      <h2>Add a web page</h2>
      <form onSubmit={onSubmit} aria-busy={busy}>
        <Field
          label="Web page URL"
          name="url"
          type="url"
          inputMode="url"
          placeholder="https://example.com/article"
          hint="Fetched once; its title becomes the document's title."
          required
        />
        <ErrorNotice error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          Add page
        </button>
      </form>
    </section>
  );
}
