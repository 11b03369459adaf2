import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Account } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDateTime } from '../ui/format';
import { useFocusAfterDelete } from '../ui/useFocusAfterDelete';
import type { AccountChanges } from './api';
import { DeleteAccount } from './DeleteAccount';
import { accountsQuery, useChangeAccount } from './queries';

/** Every account: its role and state changed in place, or deleted (its data deleted or given). */
export function AccountsSection({
  me,
}: {
  /** The signed-in administrator's id. */
  me: string;
}) {
  const id = useId();
  const { data: accounts, error } = useQuery(accountsQuery);
  const changing = useChangeAccount();
  const [deleting, setDeleting] = useState<string>();
  const [heading, focusList] = useFocusAfterDelete<HTMLHeadingElement>();

  const change = (account: Account, changes: AccountChanges) =>
    changing.mutate({ id: account.id, changes });

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        Accounts
      </h2>
      <ErrorNotice error={error ?? undefined} />
      <ErrorNotice error={changing.error ?? undefined} onDismiss={() => changing.reset()} />
      {accounts && (
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
                    change(account, { role: account.role === 'admin' ? 'user' : 'admin' })
                  }
                >
                  {account.role === 'admin' ? 'Remove admin' : 'Make admin'}
                </button>
                <button
                  type="button"
                  className="button-quiet"
                  aria-label={`${account.disabled ? 'Enable' : 'Disable'} ${account.email}`}
                  onClick={() => change(account, { disabled: !account.disabled })}
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
                    focusList();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
