import { z } from 'zod';
import type { CollectionRole } from '../../access/collections.js';
import { cursor, id, idParams, line, text } from '../../lib/input.js';
import type { CollectionDetailsRow, MemberRow } from './queries.js';
import { MEMBER_ROLES } from './tables.js';

const name = line.min(1, 'give the collection a name').max(200);
const description = text.max(2000);

export const createCollectionBody = z.strictObject({
  name,
  description: description.optional(),
});
export type CreateCollection = z.infer<typeof createCollectionBody>;

export const changeCollectionBody = z
  .strictObject({ name: name.optional(), description: description.optional() })
  .refine((body) => body.name !== undefined || body.description !== undefined, {
    message: 'give a name or a description to change',
  });
export type ChangeCollection = z.infer<typeof changeCollectionBody>;

export const listCollectionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursor.optional(),
});
export type ListCollections = z.infer<typeof listCollectionsQuery>;

export const collectionIdParams = idParams;
export const collectionDocumentParams = z.strictObject({ id, documentId: id });

/** An account id as Better Auth makes them (letters, digits, - and _). */
const userId = z
  .string()
  .max(100)
  .regex(/^[\w-]+$/, 'not a valid user id');
export const collectionMemberParams = z.strictObject({ id, userId });

const memberRole = z.enum(MEMBER_ROLES);

export const addMemberBody = z.strictObject({
  email: z.email({ error: 'expected an email address' }).max(320),
  role: memberRole,
});
export type AddMember = z.infer<typeof addMemberBody>;

export const changeMemberBody = z.strictObject({ role: memberRole });

export const collectionResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  /** Yours: owner, editor or viewer. */
  role: z.enum(['owner', ...MEMBER_ROLES]),
  documentCount: z.number(),
  memberCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CollectionView = z.infer<typeof collectionResponse>;

export function toCollectionView(row: CollectionDetailsRow): CollectionView {
  const { collection } = row;
  return {
    id: collection.id,
    name: collection.name,
    description: collection.description,
    owner: { id: collection.ownerId, name: row.ownerName, email: row.ownerEmail },
    role: row.role satisfies CollectionRole,
    documentCount: row.documentCount,
    memberCount: row.memberCount,
    createdAt: collection.createdAt.toISOString(),
    updatedAt: collection.updatedAt.toISOString(),
  };
}

export const collectionListResponse = z.object({
  items: z.array(collectionResponse),
  nextCursor: z.string().nullable(),
});

export const memberResponse = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: memberRole,
  addedAt: z.string(),
});
export type MemberView = z.infer<typeof memberResponse>;

export const toMemberView = (row: MemberRow): MemberView => ({
  ...row,
  addedAt: row.addedAt.toISOString(),
});

export const memberListResponse = z.object({ items: z.array(memberResponse) });
