import { api, request } from '../api/client';

/** Whether sign-up is open now, with the invitation `invite` if a link carries one. */
export const signupStatus = (invite: string | undefined, signal?: AbortSignal) =>
  api('get', '/api/auth/signup-status', { query: { invite }, signal });

/** Whether the sign-in page offers single sign-on, and its label. */
export const ssoStatus = (signal?: AbortSignal) => api('get', '/api/auth/sso', { signal });

// Better Auth's own routes: not in the OpenAPI document, so called untyped.

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
