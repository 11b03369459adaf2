import { queryOptions } from '@tanstack/react-query';
import { signupStatus } from './api';

/** Whether a new account can be created now, and why not. */
export const signupStatusQuery = queryOptions({
  queryKey: ['auth', 'signup-status'],
  queryFn: ({ signal }) => signupStatus(signal),
});
