import { z } from 'zod';
import { cursor, date, idParams, line, text } from '../../lib/input.js';
import type { TaskRow } from './queries.js';

const tag = line
  .toLowerCase()
  .min(1, 'a tag cannot be empty')
  .max(40, 'a tag has at most 40 characters')
  .regex(/^[^,]+$/, 'a tag cannot contain commas');

const taskFields = {
  title: line.min(1, 'a task needs a title').max(300),
  notes: text.max(20_000),
  status: z.enum(['open', 'done']),
  priority: z.enum(['low', 'normal', 'high']),
  dueDate: date.nullable(),
  tags: z.array(tag).max(20, 'at most 20 tags'),
};

export const createTaskBody = z.strictObject({
  title: taskFields.title,
  notes: taskFields.notes.optional(),
  status: taskFields.status.optional(),
  priority: taskFields.priority.optional(),
  dueDate: taskFields.dueDate.optional(),
  tags: taskFields.tags.optional(),
});
export type CreateTask = z.infer<typeof createTaskBody>;

export const updateTaskBody = createTaskBody
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type UpdateTask = z.infer<typeof updateTaskBody>;

export const listTasksQuery = z.strictObject({
  status: taskFields.status.optional(),
  dueBefore: date.optional(),
  dueAfter: date.optional(),
  tag: tag.optional(),
  q: line.min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursor.optional(),
});
export type ListTasks = z.infer<typeof listTasksQuery>;

export const taskIdParams = idParams;

export const taskResponse = z.object({
  id: z.string(),
  title: z.string(),
  notes: z.string(),
  status: taskFields.status,
  priority: taskFields.priority,
  dueDate: z.string().nullable(),
  tags: z.array(z.string()),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TaskView = z.infer<typeof taskResponse>;

export function toTaskView(row: TaskRow): TaskView {
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    status: row.status,
    priority: row.priority,
    dueDate: row.dueDate,
    tags: row.tags,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const taskListResponse = z.object({
  items: z.array(taskResponse),
  nextCursor: z.string().nullable(),
});
