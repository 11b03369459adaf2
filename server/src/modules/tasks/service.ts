// Tasks, always read and written for their owner (access/owned.ts): another user's task is "not
// found", exactly as a missing one. REST routes, MCP tools and the chat agent all call these.
import type { Actor } from '../../access/actor.js';
import { ownerFor } from '../../access/owned.js';
import type { Db } from '../../db/client.js';
import { decodeCursor, page } from '../../lib/cursor.js';
import { notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { deleteTask, insertTask, selectTask, selectTasks, updateTask } from './queries.js';
import {
  toTaskView,
  type CreateTask,
  type ListTasks,
  type TaskView,
  type UpdateTask,
} from './schemas.js';

/** Marks completion time as the status changes. */
function withCompletion<T extends { status?: 'open' | 'done' }>(
  changes: T,
): T & { completedAt?: Date | null } {
  if (changes.status === undefined) return changes;
  return { ...changes, completedAt: changes.status === 'done' ? new Date() : null };
}

export async function createTask(db: Db, actor: Actor, input: CreateTask): Promise<TaskView> {
  const userId = ownerFor(actor, 'write');
  return toTaskView(await insertTask(db, { ...withCompletion(input), userId }));
}

export async function getTask(db: Db, actor: Actor, id: string): Promise<TaskView> {
  const row = isUuid(id) ? await selectTask(db, ownerFor(actor, 'read'), id) : undefined;
  if (!row) throw notFound('task');
  return toTaskView(row);
}

export async function listTasks(db: Db, actor: Actor, query: ListTasks) {
  const rows = await selectTasks(db, ownerFor(actor, 'read'), {
    status: query.status,
    dueBefore: query.dueBefore,
    dueAfter: query.dueAfter,
    tag: query.tag,
    text: query.q,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  return page(rows, query.limit, toTaskView);
}

export async function changeTask(
  db: Db,
  actor: Actor,
  id: string,
  changes: UpdateTask,
): Promise<TaskView> {
  const userId = ownerFor(actor, 'write');
  const row = isUuid(id) ? await updateTask(db, userId, id, withCompletion(changes)) : undefined;
  if (!row) throw notFound('task');
  return toTaskView(row);
}

export const completeTask = (db: Db, actor: Actor, id: string) =>
  changeTask(db, actor, id, { status: 'done' });

export async function removeTask(db: Db, actor: Actor, id: string): Promise<void> {
  const userId = ownerFor(actor, 'write');
  if (!isUuid(id) || !(await deleteTask(db, userId, id))) throw notFound('task');
}
