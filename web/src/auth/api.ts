import { query, request } from '../api/client';

export interface SignupStatus {
  open: boolean;
  reason: string | null;
  mode: 'open' | 'invite-only' | 'closed';
  /** The invitation the link carries, while it can be used. */
  invite: { email: string; expiresAt: string } | null;
}

export const signupStatus = (invite: string | undefined) =>
  request<SignupStatus>(`/api/auth/signup-status${query({ invite })}`);

export interface Sso {
  enabled: boolean;
  label: string | null;
  provider: string | null;
}

export const ssoStatus = () => request<Sso>('/api/auth/sso');

/** Asks the server where to send the browser; it comes back to /chat, or /sign-in?error=… */
export const startSso = (provider: string) =>
  request<{ url: string }>('/api/auth/sign-in/social', {
    method: 'POST',
    body: { provider, callbackURL: '/chat', errorCallbackURL: '/sign-in' },
  });

export const signIn = (email: string, password: string) =>
  request('/api/auth/sign-in/email', { method: 'POST', body: { email, password } });

export const signUp = (name: string, email: string, password: string, inviteToken?: string) =>
  request('/api/auth/sign-up/email', {
    method: 'POST',
    body: { name, email, password, inviteToken },
  });
