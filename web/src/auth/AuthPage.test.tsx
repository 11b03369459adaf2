import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../../test/fakeApi';
import { renderPage } from '../../test/render';
import { AuthPage } from './AuthPage';

const NO_SSO = { enabled: false, label: null, provider: null };
const SSO = { enabled: true, label: 'Sign in with Example', provider: 'oidc' };
const OPEN = { open: true, reason: null, mode: 'open', invite: null };

const renderAuth = (mode: 'sign-in' | 'sign-up', path: string) => {
  const onSignedIn = vi.fn(() => Promise.resolve());
  return { ...renderPage(<AuthPage mode={mode} onSignedIn={onSignedIn} />, { path }), onSignedIn };
};

describe('the sign-up page', () => {
  it('says why sign-up is closed before anyone fills the form in', async () => {
    fakeApi({
      'GET /api/auth/signup-status': () =>
        json({
          ...OPEN,
          open: false,
          reason: 'Sign-up is by invitation only.',
          mode: 'invite-only',
        }),
    });
    renderAuth('sign-up', '/sign-up');
    expect((await screen.findByRole('status')).textContent).toBe('Sign-up is by invitation only.');
    expect(screen.queryByLabelText('Email')).toBeNull();
  });

  it('signs up through an invitation link with the invited email, and the token', async () => {
    const api = fakeApi({
      'GET /api/auth/signup-status': ({ query }) =>
        json(
          query.get('invite') === 'tok-123'
            ? {
                ...OPEN,
                mode: 'closed',
                invite: { email: 'bea@example.com', expiresAt: '2026-05-08T10:00:00.000Z' },
              }
            : { ...OPEN, open: false, reason: 'Sign-up is closed.', mode: 'closed' },
        ),
      'POST /api/auth/sign-up/email': () => json({ user: { id: 'u' } }),
    });
    const { user, onSignedIn } = renderAuth('sign-up', '/sign-up?invite=tok-123');
    expect((await screen.findByRole('status')).textContent).toBe(
      'You are invited to Docket as bea@example.com.',
    );
    const email = screen.getByLabelText<HTMLInputElement>('Email');
    expect(email.value).toBe('bea@example.com');
    expect(email.readOnly).toBe(true);
    // No single sign-on on the sign-up page: it is not asked about.
    expect(api.callsTo('GET /api/auth/sso')).toEqual([]);

    await user.type(screen.getByLabelText('Name'), 'Bea');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(api.callsTo('POST /api/auth/sign-up/email')[0]!.body).toEqual({
      name: 'Bea',
      email: 'bea@example.com',
      password: 'correct horse battery',
      inviteToken: 'tok-123',
    });
  });
});

describe('the sign-in page', () => {
  it('offers single sign-on when the server has it, and starts it at the server', async () => {
    const api = fakeApi({
      'GET /api/auth/sso': () => json(SSO),
      'POST /api/auth/sign-in/social': () => json({ url: 'http://provider.test/authorize' }),
    });
    const { user } = renderAuth('sign-in', '/sign-in');
    const button = await screen.findByRole<HTMLButtonElement>('button', {
      name: 'Sign in with Example',
    });
    expect(screen.getByText('or with a password')).toBeTruthy();
    await user.click(button);
    await waitFor(() => expect(api.callsTo('POST /api/auth/sign-in/social')).toHaveLength(1));
    expect(api.callsTo('POST /api/auth/sign-in/social')[0]!.body).toEqual({
      provider: 'oidc',
      callbackURL: '/chat',
      errorCallbackURL: '/sign-in',
    });
    // On its way to the provider: not pressed twice.
    await waitFor(() => expect(button.disabled).toBe(true));
  });

  it('shows no single sign-on when the server has none', async () => {
    const api = fakeApi({ 'GET /api/auth/sso': () => json(NO_SSO) });
    renderAuth('sign-in', '/sign-in');
    await waitFor(() => expect(api.callsTo('GET /api/auth/sso')).toHaveLength(1));
    expect(screen.queryByText('or with a password')).toBeNull();
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Sign in']);
  });

  it('says in its own words why single sign-on sent the browser back', async () => {
    fakeApi({ 'GET /api/auth/sso': () => json(SSO) });
    renderAuth('sign-in', '/sign-in?error=SSO_ACCOUNT_UNKNOWN');
    expect((await screen.findByRole('alert')).textContent).toMatch(/no account for you/);
  });

  it('never shows what the address says beyond a plain code', async () => {
    fakeApi({ 'GET /api/auth/sso': () => json(SSO) });
    renderAuth('sign-in', `/sign-in?error=${encodeURIComponent('<b>call 555-0100</b>')}`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Single sign-on failed: try again, or ask an administrator.');
  });
});
