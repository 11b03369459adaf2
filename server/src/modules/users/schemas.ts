// What the administration commands show of an account (the users module has no routes: its
// shapes are plain types, made from rows here as every module's schemas.ts does).
import type { UserRow } from './queries.js';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  createdAt: string;
}

export function toUserView({ disabledAt, createdAt, ...user }: UserRow): UserView {
  return { ...user, disabled: disabledAt !== null, createdAt: createdAt.toISOString() };
}
