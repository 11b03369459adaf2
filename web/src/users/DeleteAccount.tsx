import { useId, useState } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { deleteAccount, type Account } from './api';

/** Deleting an account, with the choice of what happens to its documents, tasks and chats. */
export function DeleteAccount({
  account,
  others,
  onCancel,
  onDeleted,
}: {
  account: Account;
  others: Account[];
  onCancel: () => void;
  onDeleted: () => void;
}) {
  const id = useId();
  const [transferTo, setTransferTo] = useState<string>('');
  const [giveAway, setGiveAway] = useState(others.length > 0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function remove() {
    setBusy(true);
    setError(undefined);
    try {
      await deleteAccount(account.id, giveAway ? transferTo : undefined);
      onDeleted();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <fieldset className="delete-account" aria-busy={busy}>
      <legend>Delete {account.email}: their documents, tasks and conversations…</legend>
      <label>
        <input
          type="radio"
          name={`${id}-data`}
          checked={giveAway}
          disabled={others.length === 0}
          onChange={() => setGiveAway(true)}
        />{' '}
        go to another account
      </label>
      {giveAway && (
        <div className="field">
          <label htmlFor={`${id}-to`}>Give them to</label>
          <select
            id={`${id}-to`}
            value={transferTo}
            onChange={(e) => setTransferTo(e.target.value)}
          >
            <option value="">Choose an account</option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                {other.name} ({other.email})
              </option>
            ))}
          </select>
        </div>
      )}
      <label>
        <input
          type="radio"
          name={`${id}-data`}
          checked={!giveAway}
          onChange={() => setGiveAway(false)}
        />{' '}
        are deleted with it
      </label>
      <ErrorNotice error={error} />
      <div className="row-actions">
        <button
          type="button"
          className="button-danger"
          disabled={busy || (giveAway && !transferTo)}
          onClick={() => void remove()}
        >
          Delete account
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
