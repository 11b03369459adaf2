import { request } from '../api/client';

export type Role = 'admin' | 'user';
export type SignupMode = 'open' | 'invite-only' | 'closed';

export interface Account {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface ServerSettings {
  signupMode: SignupMode;
  signupModeSource: 'database' | 'environment';
}

const path = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export const listAccounts = async () => (await request<{ items: Account[] }>('/api/users')).items;

export const changeAccount = (id: string, changes: { role?: Role; disabled?: boolean }) =>
  request<Account>(path(id), { method: 'PATCH', body: changes });

/** Deletes the account; its data goes with it, or to `transferTo`. */
export const deleteAccount = (id: string, transferTo: string | undefined) =>
  request<{ transferred: Record<string, number> }>(
    `${path(id)}?${transferTo ? `data=transfer&transferTo=${encodeURIComponent(transferTo)}` : 'data=delete'}`,
    { method: 'DELETE' },
  );

export const listInvites = async () =>
  (await request<{ items: Invite[] }>('/api/users/invites')).items;

/** The answer is the only time the link is shown. */
export const createInvite = (email: string, role: Role) =>
  request<Invite & { url: string }>('/api/users/invites', {
    method: 'POST',
    body: { email, role },
  });

export const withdrawInvite = (id: string) =>
  request<void>(`/api/users/invites/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const getServerSettings = () => request<ServerSettings>('/api/settings/server');

export const changeSignupMode = (signupMode: SignupMode | null) =>
  request<ServerSettings>('/api/settings/server', { method: 'PATCH', body: { signupMode } });
