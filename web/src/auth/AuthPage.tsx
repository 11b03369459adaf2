import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearch } from 'wouter';
import { Link } from '../app/Link';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { signIn, signUp } from './api';
import { signupStatusQuery } from './queries';
import { SsoButton } from './SsoButton';
import { ssoErrorMessage } from './ssoErrors';
import './auth.css';

/** The server's own rule (PASSWORD_MIN_LENGTH); it checks again. */
const PASSWORD_MIN_LENGTH = 10;

export function AuthPage({
  mode,
  onSignedIn,
}: {
  mode: 'sign-in' | 'sign-up';
  /** Resolves once the app has read the new session. */
  onSignedIn: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const signingUp = mode === 'sign-up';
  // An invitation link (/sign-up?invite=…), or what single sign-on came back with (?error=…).
  const params = new URLSearchParams(useSearch());
  const inviteToken = signingUp ? (params.get('invite') ?? undefined) : undefined;
  const ssoError = signingUp ? undefined : ssoErrorMessage(params.get('error'));
  // Whether sign-up is open (with that invitation), before anyone fills the form in.
  const { data: status, error: statusError } = useQuery({
    ...signupStatusQuery(inviteToken),
    enabled: signingUp,
  });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v : '';
    };
    setBusy(true);
    setError(undefined);
    try {
      if (signingUp) await signUp(value('name'), value('email'), value('password'), inviteToken);
      else await signIn(value('email'), value('password'));
      await onSignedIn();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const closed = signingUp && status && !status.open;
  const invitedAs = signingUp ? status?.invite?.email : undefined;
  return (
    <main className="auth" id="main">
      <h1 className="brand">Docket</h1>
      <p className="tagline">
        Your documents, your tasks, and an assistant that answers from them.
      </p>
      <section className="card" aria-labelledby="auth-heading">
        <h2 id="auth-heading">{signingUp ? 'Create an account' : 'Sign in'}</h2>
        {signingUp && <ErrorNotice error={statusError ?? undefined} />}
        {ssoError && (
          <p className="notice notice-error" role="alert">
            {ssoError}
          </p>
        )}
        {invitedAs && (
          <p className="notice" role="status">
            You are invited to Docket as {invitedAs}.
          </p>
        )}
        {!signingUp && <SsoButton />}
        {closed ? (
          <p className="notice" role="status">
            {status.reason}
          </p>
        ) : (
          <form onSubmit={(e) => void submit(e)} aria-busy={busy}>
            {signingUp && <Field label="Name" name="name" autoComplete="name" required />}
            <Field
              label="Email"
              name="email"
              type="email"
              autoComplete="email"
              required
              // An invitation is for one email: it is the one to sign up with (a field of its
              // own, not the one typed in before the invitation was read).
              key={invitedAs ?? 'typed'}
              {...(invitedAs ? { value: invitedAs, readOnly: true } : {})}
            />
            <Field
              label="Password"
              name="password"
              type="password"
              autoComplete={signingUp ? 'new-password' : 'current-password'}
              minLength={signingUp ? PASSWORD_MIN_LENGTH : undefined}
              hint={signingUp ? `At least ${PASSWORD_MIN_LENGTH} characters.` : undefined}
              required
            />
            <ErrorNotice error={error} />
            <button type="submit" className="button-primary" disabled={busy}>
              {signingUp ? 'Sign up' : 'Sign in'}
            </button>
          </form>
        )}
        <p className="switch">
          {signingUp ? (
            <Link href="/sign-in">I have an account: sign in</Link>
          ) : (
            <Link href="/sign-up">Create an account</Link>
          )}
        </p>
      </section>
    </main>
  );
}
