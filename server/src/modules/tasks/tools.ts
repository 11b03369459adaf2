import { z } from 'zod';
import { id } from '../../lib/input.js';
import { defineTool } from '../../lib/tool.js';
import { createTaskBody, listTasksQuery, updateTaskBody } from './schemas.js';
import { changeTask, completeTask, createTask, listTasks, removeTask } from './service.js';

const taskId = id.describe('the task id, as list_tasks returns it');

export const taskTools = [
  defineTool({
    name: 'create_task',
    scope: 'write',
    description: 'Create a task for the user. Only the title is required; dueDate is YYYY-MM-DD.',
    input: createTaskBody,
    run: ({ db, actor }, input) => createTask(db, actor, input),
  }),
  defineTool({
    name: 'list_tasks',
    scope: 'read',
    description:
      'List the user’s tasks, newest first. Filter by status (open|done), dueBefore/dueAfter (YYYY-MM-DD), tag, or text q; page with cursor.',
    input: listTasksQuery,
    run: ({ db, actor }, input) => listTasks(db, actor, input),
  }),
  defineTool({
    name: 'update_task',
    scope: 'write',
    description: 'Change a task’s title, notes, status, priority, due date or tags.',
    input: z.strictObject({ id: taskId, changes: updateTaskBody }),
    run: ({ db, actor }, input) => changeTask(db, actor, input.id, input.changes),
  }),
  defineTool({
    name: 'complete_task',
    scope: 'write',
    description: 'Mark a task as done.',
    input: z.strictObject({ id: taskId }),
    run: ({ db, actor }, input) => completeTask(db, actor, input.id),
  }),
  defineTool({
    name: 'delete_task',
    scope: 'write',
    description: 'Delete a task for good.',
    input: z.strictObject({ id: taskId }),
    run: async ({ db, actor }, input) => {
      await removeTask(db, actor, input.id);
      return { deleted: input.id };
    },
  }),
];
