import type { Collection } from '../api/types';

/** Your part in a collection, as the list and the collection's page say it. */
export function roleText(collection: Collection): string {
  if (collection.role === 'owner') return 'Yours';
  const as = collection.role === 'editor' ? 'an editor' : 'a viewer';
  return `Shared with you by ${collection.owner.name || collection.owner.email}, as ${as}`;
}

export const MEMBER_ROLES = [
  { value: 'viewer', label: 'Viewer: searches and cites' },
  { value: 'editor', label: 'Editor: also adds and removes documents' },
] as const;
