import { api, type BodyOf } from '../api/client';
import type { SignupMode } from '../api/types';

export const listAccounts = async (signal?: AbortSignal) =>
  (await api('get', '/api/users', { signal })).items;

export type AccountChanges = BodyOf<'/api/users/{id}', 'patch'>;

export const changeAccount = (id: string, changes: AccountChanges) =>
  api('patch', '/api/users/{id}', { params: { id }, body: changes });

/** Deletes the account; its data goes with it, or to the account `transferTo`. */
export const deleteAccount = (id: string, transferTo: string | undefined) =>
  api('delete', '/api/users/{id}', {
    params: { id },
    query: transferTo ? { data: 'transfer', transferTo } : { data: 'delete' },
  });

export const listInvites = async (signal?: AbortSignal) =>
  (await api('get', '/api/users/invites', { signal })).items;

export type NewInvite = BodyOf<'/api/users/invites', 'post'>;

/** The answer is the only time the link is shown. */
export const createInvite = (invite: NewInvite) =>
  api('post', '/api/users/invites', { body: invite });

export const withdrawInvite = (id: string) =>
  api('delete', '/api/users/invites/{id}', { params: { id } });

export const getServerSettings = (signal?: AbortSignal) =>
  api('get', '/api/settings/server', { signal });

/** null goes back to the server's default (ALLOW_SIGNUP). */
export const changeSignupMode = (signupMode: SignupMode | null) =>
  api('patch', '/api/settings/server', { body: { signupMode } });
