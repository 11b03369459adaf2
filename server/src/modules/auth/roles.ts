/** What an account may do: administrators also manage accounts and the server's settings. */
export const ROLES = ['admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

/** Better Auth hands the column over as a string: anything but 'admin' is a user. */
export const asRole = (value: unknown): Role => (value === 'admin' ? 'admin' : 'user');
