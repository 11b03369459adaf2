import { useId, useState } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDateTime } from '../ui/format';
import { changeAccount, type Account } from './api';
import { DeleteAccount } from './DeleteAccount';

/** Every account: its role and state changed in place, or deleted (its data deleted or given). */
export function AccountsSection({
  accounts,
  me,
  onChanged,
}: {
  accounts: Account[];
  /** The signed-in administrator's id. */
  me: string;
  onChanged: () => void;
}) {
  const id = useId();
  const [error, setError] = useState<unknown>();
  const [deleting, setDeleting] = useState<string>();

  async function change(account: Account, changes: Parameters<typeof changeAccount>[1]) {
    setError(undefined);
    try {
      await changeAccount(account.id, changes);
      onChanged();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Accounts</h2>
      <ErrorNotice error={error} onDismiss={() => setError(undefined)} />
      <ul className="row-list" aria-label="Accounts">
        {accounts.map((account) => (
          <li key={account.id}>
            <span className="row-name">{account.name}</span>
            <span>{account.email}</span>
            {account.role === 'admin' && <span className="badge">administrator</span>}
            {account.disabled && <span className="badge badge-muted">disabled</span>}
            {account.id === me && <span className="hint">(you)</span>}
            <span className="hint">since {formatDateTime(account.createdAt)}</span>
            <span className="row-actions">
              <button
                type="button"
                className="button-quiet"
                aria-label={
                  account.role === 'admin'
                    ? `Remove ${account.email} as administrator`
                    : `Make ${account.email} an administrator`
                }
                onClick={() =>
                  void change(account, { role: account.role === 'admin' ? 'user' : 'admin' })
                }
              >
                {account.role === 'admin' ? 'Remove admin' : 'Make admin'}
              </button>
              <button
                type="button"
                className="button-quiet"
                aria-label={`${account.disabled ? 'Enable' : 'Disable'} ${account.email}`}
                onClick={() => void change(account, { disabled: !account.disabled })}
              >
                {account.disabled ? 'Enable' : 'Disable'}
              </button>
              <button
                type="button"
                className="button-danger"
                aria-label={`Delete ${account.email}`}
                aria-expanded={deleting === account.id}
                onClick={() => setDeleting(deleting === account.id ? undefined : account.id)}
              >
                Delete…
              </button>
            </span>
            {deleting === account.id && (
              <DeleteAccount
                account={account}
                others={accounts.filter((a) => a.id !== account.id)}
                onCancel={() => setDeleting(undefined)}
                onDeleted={() => {
                  setDeleting(undefined);
                  onChanged();
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
