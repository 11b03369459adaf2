import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';
import type { Attachment, Citation, ToolCallRecord } from './events.js';

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** The model picked for this conversation (an offered model's id); null: the server's default. */
    model: text('model'),
    /**
     * The last message of the branch shown (edits and regenerations start branches). No foreign
     * key: messages reference conversations, and backups load tables in reference order.
     */
    currentMessageId: uuid('current_message_id'),
    // Millisecond precision, as JavaScript dates have: pagination cursors compare it exactly.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The last message's time: the list shows the most recently active first. */
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('conversations_user_updated_idx').on(t.userId, t.updatedAt, t.id)],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /**
     * The message before this one in its branch; null for a conversation's first question (and
     * its edits). No foreign key, so that a backup may load messages in any order; messages are
     * only ever deleted with their conversation.
     */
    parentId: uuid('parent_id'),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    content: text('content').notNull(),
    /** A question's attached documents: its answer is searched in them only. */
    attachments: jsonb('attachments')
      .$type<Attachment[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** An answer's model (an offered model's id, `offline` included); null before models were recorded. */
    model: text('model'),
    citations: jsonb('citations')
      .$type<Citation[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    toolCalls: jsonb('tool_calls')
      .$type<ToolCallRecord[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status', { enum: ['complete', 'error'] })
      .notNull()
      .default('complete'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('messages_conversation_created_idx').on(t.conversationId, t.createdAt, t.id)],
);

/**
 * One row per answer started, from the chat API or the OpenAI-compatible one: the per-minute
 * limit counts a user's rows of the last minute. Older rows are deleted as new ones come.
 */
export const chatRequests = pgTable(
  'chat_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('chat_requests_user_created_idx').on(t.userId, t.createdAt)],
);
