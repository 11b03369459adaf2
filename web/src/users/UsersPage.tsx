import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../app/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { AccountsSection } from './AccountsSection';
import { listAccounts, type Account } from './api';
import { InvitesSection } from './InvitesSection';
import { SignupSection } from './SignupSection';
import './users.css';

/** Administrators only: who may sign up, invitations, and every account. */
export function UsersPage() {
  const { user } = useSession();
  const [accounts, setAccounts] = useState<Account[]>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => {
    listAccounts().then(setAccounts, setError);
  }, []);
  useEffect(reload, [reload]);

  if (user.role !== 'admin')
    return (
      <section>
        <h1>Users</h1>
        <p>Only an administrator of this server can manage its users.</p>
      </section>
    );
  return (
    <div className="users">
      <h1>Users</h1>
      <SignupSection />
      <InvitesSection />
      <ErrorNotice error={error} />
      {accounts && <AccountsSection accounts={accounts} me={user.id} onChanged={reload} />}
    </div>
  );
}
