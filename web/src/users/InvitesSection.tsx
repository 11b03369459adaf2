import { useQuery } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import type { Invite, Role } from '../api/types';
import { CopyOnce } from '../ui/CopyOnce';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { SelectField } from '../ui/SelectField';
import { formatDateTime } from '../ui/format';
import { textOf } from '../ui/useSubmit';
import { invitesQuery, useCreateInvite, useWithdrawInvite } from './queries';

const ROLES: { value: Role; label: string }[] = [
  { value: 'user', label: 'User' },
  { value: 'admin', label: 'Administrator' },
];

/** Invitations: a one-time link per email, shown once, that works whatever the sign-up mode. */
export function InvitesSection() {
  const id = useId();
  const invites = useQuery(invitesQuery);
  // The created invitation (with its link) is the mutation's answer, shown until Done.
  const creating = useCreateInvite();
  const withdrawing = useWithdrawInvite();

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    withdrawing.reset();
    creating.mutate(
      { email: textOf(values, 'email'), role: textOf(values, 'role') as Role },
      { onSuccess: () => form.reset() },
    );
  }

  function withdraw(invite: Invite) {
    if (!window.confirm(`Withdraw the invitation of ${invite.email}? Its link stops working.`))
      return;
    creating.reset();
    withdrawing.mutate(invite.id);
  }

  const created = creating.data;
  const list = invites.data;
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Invitations</h2>
      <p className="hint">
        The link lets that email create an account once, even when sign-up is closed. It works for 7
        days; send it yourself.
      </p>
      <form className="inline-form" onSubmit={create} aria-busy={creating.isPending}>
        <Field label="Email to invite" name="email" type="email" required maxLength={254} />
        <SelectField label="Role" name="role" defaultValue="user" options={ROLES} />
        <button type="submit" className="button-primary" disabled={creating.isPending}>
          Create invitation
        </button>
      </form>
      {created && (
        <CopyOnce
          // A new invitation is a fresh notice: no "Copied." from the one before.
          key={created.id}
          message={`Invitation for ${created.email} created. Copy the link now: it will not be shown again.`}
          label="Invitation link"
          value={created.url}
          onDone={() => creating.reset()}
        />
      )}
      <ErrorNotice error={invites.error ?? creating.error ?? withdrawing.error ?? undefined} />
      {list && list.length > 0 && (
        <ul className="row-list" aria-label="Pending invitations">
          {list.map((invite) => (
            <li key={invite.id}>
              <span className="row-name">{invite.email}</span>
              {invite.role === 'admin' && <span className="badge">administrator</span>}
              <span className="hint">
                {invite.expired ? 'expired' : 'expires'} {formatDateTime(invite.expiresAt)}
              </span>
              <button
                type="button"
                className="button-quiet"
                aria-label={`Withdraw the invitation of ${invite.email}`}
                onClick={() => withdraw(invite)}
              >
                Withdraw
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
