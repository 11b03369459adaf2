import { z } from 'zod';
import { accountId, email, idParams } from '../../lib/input.js';
import { ROLES } from '../auth/roles.js';
import type { InviteRow, UserRow } from './queries.js';

const role = z.enum(ROLES);

export const userResponse = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userResponse>;

export function toUserView({ disabledAt, createdAt, ...user }: UserRow): UserView {
  return { ...user, disabled: disabledAt !== null, createdAt: createdAt.toISOString() };
}

export const userListResponse = z.object({ items: z.array(userResponse) });

export const userIdParams = z.strictObject({ id: accountId });

export const changeUserBody = z
  .strictObject({ role: role.optional(), disabled: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, 'give role or disabled');
export type UserChanges = z.infer<typeof changeUserBody>;

/** Chosen at deletion: the account's data is deleted with it, or given to another account. */
export const removeUserQuery = z
  .strictObject({ data: z.enum(['delete', 'transfer']), transferTo: accountId.optional() })
  .superRefine(({ data, transferTo }, ctx) => {
    if (data === 'transfer' && !transferTo)
      ctx.addIssue({
        code: 'custom',
        path: ['transferTo'],
        message: 'name the account that receives the data',
      });
    if (data === 'delete' && transferTo)
      ctx.addIssue({
        code: 'custom',
        path: ['transferTo'],
        message: 'only with data=transfer',
      });
  });

export const removedUserResponse = z.object({
  /** What went to `transferTo`, per kind (empty when the data was deleted). */
  transferred: z.record(z.string(), z.number()),
});

export const inviteResponse = z.object({
  id: z.string(),
  email: z.string(),
  role,
  createdAt: z.string(),
  expiresAt: z.string(),
  expired: z.boolean(),
});
export type InviteView = z.infer<typeof inviteResponse>;

export function toInviteView({ id, email, role, createdAt, expiresAt }: InviteRow): InviteView {
  return {
    id,
    email,
    role,
    createdAt: createdAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    expired: expiresAt.getTime() <= Date.now(),
  };
}

export const inviteListResponse = z.object({ items: z.array(inviteResponse) });

export const createInviteBody = z.strictObject({
  email,
  role: role.optional(),
  /** How long the link works: 7 days unless said. */
  expiresInDays: z.int().min(1).max(30).optional(),
});

/** The only answer that carries the link: the server keeps a hash of its token. */
export const createdInviteResponse = inviteResponse.extend({ url: z.string() });

export const inviteIdParams = idParams;
