import { and, arrayContains, desc, eq, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { selectRows } from '../../db/select-rows.js';
import { afterCursor } from '../../lib/cursor.js';
import { tasks } from './tables.js';

export type TaskRow = typeof tasks.$inferSelect;
export type TaskChanges = Partial<Omit<typeof tasks.$inferInsert, 'id' | 'userId' | 'createdAt'>>;

export interface TaskFilter {
  status?: 'open' | 'done';
  dueBefore?: string;
  dueAfter?: string;
  tag?: string;
  text?: string;
  after?: { createdAt: Date; id: string };
  limit: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const owned = (userId: string, id: string) => and(eq(tasks.id, id), eq(tasks.userId, userId));

export async function insertTask(db: Db, values: typeof tasks.$inferInsert): Promise<TaskRow> {
  const [row] = await db.insert(tasks).values(values).returning();
  return row!;
}

export async function selectTask(db: Db, userId: string, id: string): Promise<TaskRow | undefined> {
  const [row] = await db.select().from(tasks).where(owned(userId, id));
  return row;
}

export async function selectTasks(db: Db, userId: string, filter: TaskFilter): Promise<TaskRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(tasks.userId, userId),
    filter.status && eq(tasks.status, filter.status),
    filter.dueBefore ? lte(tasks.dueDate, filter.dueBefore) : undefined,
    filter.dueAfter ? gte(tasks.dueDate, filter.dueAfter) : undefined,
    filter.tag ? arrayContains(tasks.tags, [filter.tag]) : undefined,
    filter.text
      ? or(
          ilike(tasks.title, `%${escapeLike(filter.text)}%`),
          ilike(tasks.notes, `%${escapeLike(filter.text)}%`),
        )
      : undefined,
    afterCursor(tasks.createdAt, tasks.id, filter.after),
  ];
  return selectRows(db, tasks, {
    where: and(...conditions),
    orderBy: (t) => [desc(t.createdAt), desc(t.id)],
    limit: filter.limit,
  });
}

export async function updateTask(db: Db, userId: string, id: string, changes: TaskChanges) {
  const [row] = await db
    .update(tasks)
    .set({ ...changes, updatedAt: new Date() })
    .where(owned(userId, id))
    .returning();
  return row;
}

export async function deleteTask(db: Db, userId: string, id: string): Promise<boolean> {
  const deleted = await db.delete(tasks).where(owned(userId, id)).returning({ id: tasks.id });
  return deleted.length > 0;
}

/** Gives every task of `userId` to `newUserId` (an account being deleted); how many. */
export async function updateTasksOwner(db: Db, userId: string, newUserId: string) {
  const moved = await db
    .update(tasks)
    .set({ userId: newUserId })
    .where(eq(tasks.userId, userId))
    .returning({ id: tasks.id });
  return moved.length;
}
