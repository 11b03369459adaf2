import { ApiError, messageOf } from '../api/client';

// Server messages start lower-case, to follow a field name; shown alone, they open a sentence.
const asSentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** An error shown where it happened, read out by screen readers as it appears. */
export function ErrorNotice({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (error === undefined || error === null) return null;
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div className="notice notice-error" role="alert">
      <p>{asSentence(messageOf(error))}</p>
      {fields.length > 1 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field}>
              {f.field}: {f.message}
            </li>
          ))}
        </ul>
      )}
      {onDismiss && (
        <button type="button" className="button-quiet" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
