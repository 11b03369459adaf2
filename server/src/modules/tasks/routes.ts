import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import {
  createTaskBody,
  listTasksQuery,
  taskIdParams,
  taskListResponse,
  taskResponse,
  updateTaskBody,
} from './schemas.js';
import { changeTask, createTask, getTask, listTasks, removeTask } from './service.js';

export const taskRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['tasks'];
  const self = { access: { object: 'self' } } as const;
  const task = { access: { object: 'task' } } as const;
  app.post(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: 'Create a task',
        body: createTaskBody,
        response: { 201: taskResponse },
      },
      config: self,
    },
    async (request, reply) =>
      reply.status(201).send(await createTask(db, request.actor, request.body)),
  );
  app.get(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: 'Your tasks, newest first; filter by status, due date, tag or text',
        querystring: listTasksQuery,
        response: { 200: taskListResponse },
      },
      config: self,
    },
    async (request) => listTasks(db, request.actor, request.query),
  );
  app.get(
    '/api/tasks/:id',
    {
      schema: { tags, summary: 'One task', params: taskIdParams, response: { 200: taskResponse } },
      config: task,
    },
    async (request) => getTask(db, request.actor, request.params.id),
  );
  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Change a task',
        params: taskIdParams,
        body: updateTaskBody,
        response: { 200: taskResponse },
      },
      config: task,
    },
    async (request) => changeTask(db, request.actor, request.params.id, request.body),
  );
  app.delete(
    '/api/tasks/:id',
    { schema: { tags, summary: 'Delete a task', params: taskIdParams }, config: task },
    async (request, reply) => {
      await removeTask(db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
};
