import { api, type BodyOf } from '../api/client';
import type { Task } from '../api/types';

/** The list's filters as the fields hold them; empty means "any". */
export interface TaskFilters {
  status: '' | Task['status'];
  tag: string;
  q: string;
  dueAfter: string;
  dueBefore: string;
}

export const NO_FILTERS: TaskFilters = { status: '', tag: '', q: '', dueAfter: '', dueBefore: '' };

export const hasFilters = (filters: TaskFilters) => Object.values(filters).some((v) => v !== '');

/** What a task can be changed with. */
export type TaskChanges = BodyOf<'/api/tasks/{id}', 'patch'>;

export const listTasks = (filters: TaskFilters, cursor?: string, signal?: AbortSignal) =>
  api('get', '/api/tasks', {
    query: {
      ...filters,
      status: filters.status || undefined,
      tag: filters.tag.trim(),
      q: filters.q.trim(),
      cursor,
    },
    signal,
  });

export const createTask = (task: BodyOf<'/api/tasks', 'post'>) =>
  api('post', '/api/tasks', { body: task });

export const updateTask = (id: string, changes: TaskChanges) =>
  api('patch', '/api/tasks/{id}', { params: { id }, body: changes });

export const deleteTask = (id: string) => api('delete', '/api/tasks/{id}', { params: { id } });
