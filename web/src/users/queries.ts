import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Account, Invite } from '../api/types';
import { sessionQuery } from '../app/session';
import {
  changeAccount,
  changeSignupMode,
  createInvite,
  deleteAccount,
  getServerSettings,
  listAccounts,
  listInvites,
  withdrawInvite,
  type AccountChanges,
} from './api';

/** Every account, oldest first: one list, not paged. */
export const accountsQuery = queryOptions({
  queryKey: ['users', 'accounts'],
  queryFn: ({ signal }) => listAccounts(signal),
});

/** Invitations not used yet, expired ones too. */
export const invitesQuery = queryOptions({
  queryKey: ['users', 'invites'],
  queryFn: ({ signal }) => listInvites(signal),
});

/** Who may sign up, and whether an administrator chose it or ALLOW_SIGNUP still decides. */
export const serverSettingsQuery = queryOptions({
  queryKey: ['users', 'server-settings'],
  queryFn: ({ signal }) => getServerSettings(signal),
});

export function useChangeSignupMode() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: changeSignupMode,
    onSuccess: (settings) => client.setQueryData(serverSettingsQuery.queryKey, settings),
  });
}

export function useChangeAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: AccountChanges }) =>
      changeAccount(id, changes),
    onSuccess: (account) => {
      client.setQueryData<Account[]>(accountsQuery.queryKey, (list) =>
        list?.map((a) => (a.id === account.id ? account : a)),
      );
      // Stepping down (or disabling) oneself: the session changes, and this page with it.
      if (account.id === client.getQueryData(sessionQuery.queryKey)?.id)
        return client.invalidateQueries(sessionQuery);
      return client.invalidateQueries(accountsQuery);
    },
  });
}

export function useDeleteAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, transferTo }: { id: string; transferTo?: string }) =>
      deleteAccount(id, transferTo),
    onSuccess: (_, { id, transferTo }) => {
      client.setQueryData<Account[]>(accountsQuery.queryKey, (list) =>
        list?.filter((a) => a.id !== id),
      );
      // Given to someone: to this administrator, perhaps, whose lists then hold more.
      if (transferTo) return client.invalidateQueries();
      return client.invalidateQueries(accountsQuery);
    },
  });
}

export function useCreateInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createInvite,
    onSuccess: ({ id, email, role, createdAt, expiresAt, expired }) => {
      // Listed without its link: the cache keeps only what the list shows. Inviting an email
      // again replaces its invitation.
      const invite = { id, email, role, createdAt, expiresAt, expired };
      client.setQueryData<Invite[]>(invitesQuery.queryKey, (list) => [
        ...(list ?? []).filter((i) => i.email !== invite.email),
        invite,
      ]);
      return client.invalidateQueries(invitesQuery);
    },
  });
}

export function useWithdrawInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: withdrawInvite,
    onSuccess: (_, id) => {
      client.setQueryData<Invite[]>(invitesQuery.queryKey, (list) =>
        list?.filter((i) => i.id !== id),
      );
      return client.invalidateQueries(invitesQuery);
    },
  });
}
