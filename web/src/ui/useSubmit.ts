import { useState, type FormEvent } from 'react';

/**
 * A form's submit handler with its busy state and error: on success the form is cleared,
 * on error its input stays and the error is kept for showing beside it.
 */
export function useSubmit(send: (values: FormData, form: HTMLFormElement) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError(undefined);
    try {
      await send(new FormData(form), form);
      form.reset();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, onSubmit: (event: FormEvent<HTMLFormElement>) => void submit(event) };
}

/** A text field's value from a form's data ('' when missing). */
export function textOf(values: FormData, name: string): string {
  const value = values.get(name);
  return typeof value === 'string' ? value : '';
}
