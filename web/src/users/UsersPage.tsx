import { useSession } from '../app/session';
import { AccountsSection } from './AccountsSection';
import { InvitesSection } from './InvitesSection';
import { SignupSection } from './SignupSection';
import './users.css';

/** Administrators only: who may sign up, invitations, and every account. */
export function UsersPage() {
  const { user } = useSession();
  // The link shows for administrators only; anyone else reaching this address is told why,
  // without asking the server (which would refuse).
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
      <AccountsSection me={user.id} />
    </div>
  );
}
