import { and, asc, count, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { selectRows } from '../../db/select-rows.js';
import { afterCursor } from '../../lib/cursor.js';
import { chatRequests, conversations, messages } from './tables.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

const owned = (userId: string, id: string) =>
  and(eq(conversations.id, id), eq(conversations.userId, userId));

export async function insertConversation(
  db: Db,
  values: typeof conversations.$inferInsert,
): Promise<ConversationRow> {
  const [row] = await db.insert(conversations).values(values).returning();
  return row!;
}

export async function selectConversation(
  db: Db,
  userId: string,
  id: string,
): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(conversations).where(owned(userId, id));
  return row;
}

/** Most recently active first; `after` is the (updated_at, id) of the previous page's last row. */
export async function selectConversations(
  db: Db,
  userId: string,
  filter: { after?: { createdAt: Date; id: string }; limit: number },
): Promise<ConversationRow[]> {
  return selectRows(db, conversations, {
    where: and(
      eq(conversations.userId, userId),
      afterCursor(conversations.updatedAt, conversations.id, filter.after),
    ),
    orderBy: (c) => [desc(c.updatedAt), desc(c.id)],
    limit: filter.limit,
  });
}

export async function updateConversation(
  db: Db,
  userId: string,
  id: string,
  changes: { title?: string; model?: string; currentMessageId?: string; touch?: boolean },
): Promise<ConversationRow | undefined> {
  const { touch, ...columns } = changes;
  const [row] = await db
    .update(conversations)
    .set({ ...columns, ...(touch ? { updatedAt: new Date() } : {}) })
    .where(owned(userId, id))
    .returning();
  return row;
}

/** Sets a title unless the conversation was renamed meanwhile (its title is no longer `from`). */
export async function updateConversationTitle(
  db: Db,
  userId: string,
  id: string,
  from: string,
  to: string,
) {
  await db
    .update(conversations)
    .set({ title: to })
    .where(and(owned(userId, id), eq(conversations.title, from)));
}

/**
 * Moves the branch shown from a question to its answer, unless another branch was chosen
 * meanwhile (the current message is no longer `from`).
 */
export async function updateConversationCurrentMessage(
  db: Db,
  userId: string,
  id: string,
  from: string,
  to: string,
) {
  await db
    .update(conversations)
    .set({ currentMessageId: to, updatedAt: new Date() })
    .where(and(owned(userId, id), eq(conversations.currentMessageId, from)));
}

export async function deleteConversation(db: Db, userId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(conversations)
    .where(owned(userId, id))
    .returning({ id: conversations.id });
  return deleted.length > 0;
}

export async function insertMessage(
  db: Db,
  values: typeof messages.$inferInsert,
): Promise<MessageRow> {
  const [row] = await db.insert(messages).values(values).returning();
  return row!;
}

/** A conversation's messages of every branch, in order; the caller has checked that the user owns it. */
export async function selectMessages(
  db: Db,
  userId: string,
  conversationId: string,
): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.userId, userId)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

/** Records an answer started, first deleting the user's rows the limit no longer counts. */
export async function insertChatRequest(db: Db, userId: string) {
  await db
    .delete(chatRequests)
    .where(
      and(
        eq(chatRequests.userId, userId),
        lt(chatRequests.createdAt, sql`now() - interval '1 minute'`),
      ),
    );
  await db.insert(chatRequests).values({ userId });
}

/** How many answers the user started in the last minute, by the database's clock (the rate limit). */
export async function countChatRequestsLastMinute(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(chatRequests)
    .where(
      and(
        eq(chatRequests.userId, userId),
        gt(chatRequests.createdAt, sql`now() - interval '1 minute'`),
      ),
    );
  return row?.n ?? 0;
}

/** Gives every conversation of `userId`, and its messages, to `newUserId`; how many. */
export async function updateConversationsOwner(db: Db, userId: string, newUserId: string) {
  await db.update(messages).set({ userId: newUserId }).where(eq(messages.userId, userId));
  const moved = await db
    .update(conversations)
    .set({ userId: newUserId })
    .where(eq(conversations.userId, userId))
    .returning({ id: conversations.id });
  return moved.length;
}
