import { useEffect, useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { changeSignupMode, getServerSettings, type ServerSettings, type SignupMode } from './api';

const MODES: { value: SignupMode; label: string }[] = [
  { value: 'open', label: 'Anyone can create an account' },
  { value: 'invite-only', label: 'Only people with an invitation' },
  { value: 'closed', label: 'Nobody (invitations still work)' },
];

/** The sign-up mode, stored by the server; ALLOW_SIGNUP is its default until one is chosen. */
export function SignupSection() {
  const id = useId();
  const [settings, setSettings] = useState<ServerSettings>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    getServerSettings().then(setSettings, setError);
  }, []);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const mode = new FormData(event.currentTarget).get('signupMode') as SignupMode;
    setError(undefined);
    setSaved(false);
    try {
      setSettings(await changeSignupMode(mode));
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Sign-up</h2>
      <ErrorNotice error={error} />
      {settings && (
        <form className="inline-form" onSubmit={(e) => void save(e)}>
          <div className="field">
            <label htmlFor={`${id}-mode`}>Who may sign up</label>
            <select
              id={`${id}-mode`}
              name="signupMode"
              defaultValue={settings.signupMode}
              key={settings.signupMode}
            >
              {MODES.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button-primary">
            Save
          </button>
        </form>
      )}
      {settings && (
        <p className="hint" role="status">
          {saved ? 'Saved. ' : ''}
          {settings.signupModeSource === 'environment'
            ? 'This is the server’s default (ALLOW_SIGNUP) until you save a choice here.'
            : 'Chosen here; it wins over ALLOW_SIGNUP.'}
        </p>
      )}
    </section>
  );
}
