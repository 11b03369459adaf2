import { request } from '../api/client';

export interface SignupStatus {
  open: boolean;
  reason: string | null;
}

export const signupStatus = () => request<SignupStatus>('/api/auth/signup-status');

export const signIn = (email: string, password: string) =>
  request('/api/auth/sign-in/email', { method: 'POST', body: { email, password } });

export const signUp = (name: string, email: string, password: string) =>
  request('/api/auth/sign-up/email', { method: 'POST', body: { name, email, password } });
