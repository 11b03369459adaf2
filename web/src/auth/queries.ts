import { queryOptions } from '@tanstack/react-query';
import { signupStatus, ssoStatus } from './api';

/** Whether a new account can be created now (with the invitation `invite`?), and why not. */
export const signupStatusQuery = (invite: string | undefined) =>
  queryOptions({
    queryKey: ['auth', 'signup-status', invite ?? null],
    queryFn: ({ signal }) => signupStatus(invite, signal),
  });

/** Whether single sign-on is set up: the server's environment says, so it does not change. */
export const ssoQuery = queryOptions({
  queryKey: ['auth', 'sso'],
  queryFn: ({ signal }) => ssoStatus(signal),
  staleTime: Infinity,
});
