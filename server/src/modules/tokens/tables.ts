import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Scope } from '../../access/actor.js';
import { users } from '../auth/tables.js';

/** Personal API tokens. Only a SHA-256 hash of each token is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, so people can tell their tokens apart. */
    prefix: text('prefix').notNull(),
    /** What the token may do (access/actor.ts); tokens made before scopes existed do both. */
    scopes: text('scopes')
      .array()
      .$type<Scope[]>()
      .notNull()
      .default(sql`'{read,write}'::text[]`),
    /** Documents only through these collections; null: every document its user may read. */
    collectionIds: uuid('collection_ids').array(),
    /** Refused from then on, like a revoked token; null: until revoked. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user_id_idx').on(t.userId)],
);
