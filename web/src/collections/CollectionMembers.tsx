import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Collection, Member, MemberRole } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { SelectField } from '../ui/SelectField';
import { textOf, useSubmit } from '../ui/useSubmit';
import { membersQuery, useAddMember, useChangeMember, useRemoveMember } from './queries';
import { MEMBER_ROLES } from './roles';

function ShareForm({ id }: { id: string }) {
  const adding = useAddMember(id);
  const { busy, error, onSubmit } = useSubmit(async (values) => {
    await adding.mutateAsync({
      email: textOf(values, 'email'),
      role: textOf(values, 'role') as MemberRole,
    });
  });
  return (
    <form className="inline-form" onSubmit={onSubmit} aria-label="Share the collection">
      <Field label="Email" name="email" type="email" required autoComplete="off" />
      <SelectField label="As" name="role" defaultValue="viewer" options={MEMBER_ROLES} />
      <button type="submit" className="button-primary" disabled={busy}>
        Share
      </button>
      <ErrorNotice error={error} />
    </form>
  );
}

function MemberRow({ id, member, manage }: { id: string; member: Member; manage: boolean }) {
  const changing = useChangeMember(id);
  const removing = useRemoveMember(id);
  const [role, setRole] = useState(member.role);
  const who = member.name || member.email;

  function remove() {
    if (!window.confirm(`Remove ${who}? Their documents leave the collection with them.`)) return;
    removing.mutate(member.userId);
  }

  return (
    <li>
      <span className="row-name">{who}</span>
      <span className="hint">{member.email}</span>
      {manage ? (
        <>
          <SelectField
            label={`Role of ${who}`}
            value={role}
            disabled={changing.isPending}
            options={MEMBER_ROLES}
            onChange={(event) => {
              const next = event.target.value as MemberRole;
              setRole(next);
              changing.mutate(
                { userId: member.userId, role: next },
                { onError: () => setRole(member.role) },
              );
            }}
          />
          <button
            type="button"
            className="button-danger"
            aria-label={`Remove ${who}`}
            disabled={removing.isPending}
            onClick={remove}
          >
            Remove
          </button>
        </>
      ) : (
        <span>{member.role === 'editor' ? 'editor' : 'viewer'}</span>
      )}
      <ErrorNotice error={changing.error ?? removing.error ?? undefined} />
    </li>
  );
}

/** Who it is shared with; its owner shares it, changes roles and removes members. */
export function CollectionMembers({ collection }: { collection: Collection }) {
  const members = useQuery(membersQuery(collection.id));
  const manage = collection.role === 'owner';
  return (
    <section className="card" aria-labelledby="collection-members">
      <h2 id="collection-members">Members</h2>
      <p className="hint">
        Owner: {collection.owner.name || collection.owner.email} ({collection.owner.email})
      </p>
      <ErrorNotice error={members.error} />
      {members.data?.length === 0 && <p className="empty">Shared with nobody yet.</p>}
      {members.data && members.data.length > 0 && (
        <ul className="row-list">
          {members.data.map((m) => (
            <MemberRow key={m.userId} id={collection.id} member={m} manage={manage} />
          ))}
        </ul>
      )}
      {manage && <ShareForm id={collection.id} />}
    </section>
  );
}
