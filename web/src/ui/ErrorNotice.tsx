import { ApiError, messageOf } from '../api/client';
import { asSentence } from './format';

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
