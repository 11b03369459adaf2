import { api, request } from '../api/client';

export const signupStatus = (signal?: AbortSignal) =>
  api('get', '/api/auth/signup-status', { signal });

// Better Auth's own routes: not in the OpenAPI document, so called untyped.
export const signIn = (email: string, password: string) =>
  request('/api/auth/sign-in/email', { method: 'POST', body: { email, password } });

export const signUp = (name: string, email: string, password: string) =>
  request('/api/auth/sign-up/email', { method: 'POST', body: { name, email, password } });
