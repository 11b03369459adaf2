import { useQuery } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import type { SignupMode } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SelectField } from '../ui/SelectField';
import { serverSettingsQuery, useChangeSignupMode } from './queries';

const MODES: { value: SignupMode; label: string }[] = [
  { value: 'open', label: 'Anyone can create an account' },
  { value: 'invite-only', label: 'Only people with an invitation' },
  { value: 'closed', label: 'Nobody (invitations still work)' },
];

/** The sign-up mode, stored by the server; ALLOW_SIGNUP is its default until one is chosen. */
export function SignupSection() {
  const id = useId();
  const { data: settings, error } = useQuery(serverSettingsQuery);
  const saving = useChangeSignupMode();

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const mode = new FormData(event.currentTarget).get('signupMode');
    saving.mutate(mode as SignupMode);
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Sign-up</h2>
      <ErrorNotice error={error ?? saving.error ?? undefined} />
      {settings && (
        <form className="inline-form" onSubmit={save} aria-busy={saving.isPending}>
          <SelectField
            label="Who may sign up"
            name="signupMode"
            // Shown as saved: a new answer from the server starts the field again.
            key={settings.signupMode}
            defaultValue={settings.signupMode}
            options={MODES}
          />
          <button type="submit" className="button-primary" disabled={saving.isPending}>
            Save
          </button>
        </form>
      )}
      {settings && (
        <p className="hint" role="status">
          {saving.isSuccess ? 'Saved. ' : ''}
          {settings.signupModeSource === 'environment'
            ? 'This is the server’s default (ALLOW_SIGNUP) until you save a choice here.'
            : 'Chosen here; it wins over ALLOW_SIGNUP.'}
        </p>
      )}
    </section>
  );
}
