// Collections and members as the API answers them, for the page tests.
import type { Collection, Member } from '../src/api/types';
import { ANN } from './render';

let next = 0;
const AT = '2026-05-01T10:00:00.000Z';

export const BOB = { id: 'u2', email: 'bob@example.com', name: 'Bob' };

/** A collection Ann owns, unless `changes` say otherwise. */
export const collection = (name: string, changes: Partial<Collection> = {}): Collection => ({
  id: `00000000-0000-4000-8000-c0${String(++next).padStart(10, '0')}`,
  name,
  description: '',
  owner: { id: ANN.id, email: ANN.email, name: ANN.name },
  role: 'owner',
  documentCount: 0,
  memberCount: 0,
  createdAt: AT,
  updatedAt: AT,
  ...changes,
});

export const member = (who: typeof BOB, role: Member['role']): Member => ({
  userId: who.id,
  email: who.email,
  name: who.name,
  role,
  addedAt: AT,
});

export const page = <T>(items: T[]) => ({ items, nextCursor: null });
