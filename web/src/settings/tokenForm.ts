import type { ApiToken, Collection } from '../api/types';
import { formatDateTime } from '../ui/format';
import { textOf } from '../ui/useSubmit';
import type { NewToken } from './api';

export const SCOPE_CHOICES = [
  { value: 'write', label: 'Read and write' },
  { value: 'read', label: 'Read only' },
] as const;

/**
 * The token the form asks for. Its expiry is a date: the token stops working as that day
 * begins, in the reader's time zone.
 */
export function newTokenFrom(values: FormData): NewToken {
  const expires = textOf(values, 'expires');
  const collectionIds = values.getAll('collection').filter((v) => typeof v === 'string');
  return {
    name: textOf(values, 'name'),
    scopes: textOf(values, 'scopes') === 'read' ? ['read'] : ['read', 'write'],
    ...(collectionIds.length > 0 ? { collectionIds } : {}),
    ...(expires ? { expiresAt: new Date(`${expires}T00:00`).toISOString() } : {}),
  };
}

/** What a token may do, in the list: its scopes, collections and expiry. */
export function tokenReach(
  token: ApiToken,
  collections: Collection[] | undefined,
  now = new Date(),
) {
  const scopes = token.scopes.includes('write') ? 'read and write' : 'read only';
  const names = token.collectionIds?.map(
    (id) => collections?.find((c) => c.id === id)?.name ?? 'a collection you no longer see',
  );
  const reach = names ? `only ${names.join(', ')}` : 'all your documents';
  let expiry = 'never expires';
  if (token.expiresAt)
    expiry = `${new Date(token.expiresAt) <= now ? 'expired' : 'expires'} ${formatDateTime(token.expiresAt)}`;
  return `${scopes} · ${reach} · ${expiry}`;
}

/** The earliest expiry the form offers: tomorrow, as YYYY-MM-DD in the reader's time zone. */
export function tomorrow(now = new Date()): string {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`;
}
