import { useEffect, useId, useState } from 'react';
import { CopyOnce } from '../ui/CopyOnce';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { textOf, useSubmit } from '../ui/useSubmit';
import { createInvite, listInvites, withdrawInvite, type Invite, type Role } from './api';

/** Invitations: a one-time link per email, shown once, that works whatever the sign-up mode. */
export function InvitesSection() {
  const id = useId();
  const [invites, setInvites] = useState<Invite[]>();
  const [created, setCreated] = useState<{ email: string; url: string }>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    listInvites().then(setInvites, setError);
  }, []);

  const {
    busy,
    error: createError,
    onSubmit,
  } = useSubmit(async (values) => {
    const invite = await createInvite(textOf(values, 'email'), textOf(values, 'role') as Role);
    setCreated({ email: invite.email, url: invite.url });
    setInvites((list) => [...(list ?? []).filter((i) => i.email !== invite.email), invite]);
  });

  async function withdraw(invite: Invite) {
    setError(undefined);
    try {
      await withdrawInvite(invite.id);
      setInvites((list) => list?.filter((i) => i.id !== invite.id));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Invitations</h2>
      <p className="hint">
        The link lets that email create an account once, even when sign-up is closed. It works for 7
        days; send it yourself.
      </p>
      <form className="inline-form" onSubmit={onSubmit} aria-busy={busy}>
        <Field label="Email to invite" name="email" type="email" required maxLength={254} />
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} name="role" defaultValue="user">
            <option value="user">User</option>
            <option value="admin">Administrator</option>
          </select>
        </div>
        <button type="submit" className="button-primary" disabled={busy}>
          Create invitation
        </button>
      </form>
      <ErrorNotice error={createError} />
      {created && (
        <CopyOnce
          message={`Invitation for ${created.email} created. Copy the link now: it will not be shown again.`}
          label="Invitation link"
          value={created.url}
          onDone={() => setCreated(undefined)}
        />
      )}
      <ErrorNotice error={error} />
      {invites && invites.length > 0 && (
        <ul className="row-list" aria-label="Pending invitations">
          {invites.map((invite) => (
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
                onClick={() => void withdraw(invite)}
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
