import { useId, useState } from 'react';
import type { Account } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SelectField } from '../ui/SelectField';
import { useDeleteAccount } from './queries';

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
  const [transferTo, setTransferTo] = useState('');
  const [giveAway, setGiveAway] = useState(others.length > 0);
  const deleting = useDeleteAccount();

  const remove = () =>
    deleting.mutate(
      { id: account.id, transferTo: giveAway ? transferTo : undefined },
      { onSuccess: onDeleted },
    );

  return (
    <fieldset className="delete-account" aria-busy={deleting.isPending}>
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
        <SelectField
          label="Give them to"
          value={transferTo}
          onChange={(e) => setTransferTo(e.target.value)}
          options={[
            { value: '', label: 'Choose an account' },
            ...others.map((other) => ({
              value: other.id,
              label: `${other.name} (${other.email})`,
            })),
          ]}
        />
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
      <ErrorNotice error={deleting.error ?? undefined} />
      <div className="row-actions">
        <button
          type="button"
          className="button-danger"
          disabled={deleting.isPending || (giveAway && !transferTo)}
          onClick={remove}
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
