import { query, request, type Page } from '../api/client';
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

/** What a task can be created or changed with. */
export type TaskChanges = Partial<
  Pick<Task, 'title' | 'notes' | 'status' | 'priority' | 'dueDate' | 'tags'>
>;

export const listTasks = (filters: TaskFilters, cursor?: string, signal?: AbortSignal) =>
  request<Page<Task>>(
    `/api/tasks${query({ ...filters, tag: filters.tag.trim(), q: filters.q.trim(), cursor })}`,
    { signal },
  );

export const createTask = (task: TaskChanges & Pick<Task, 'title'>) =>
  request<Task>('/api/tasks', { method: 'POST', body: task });

export const updateTask = (id: string, changes: TaskChanges) =>
  request<Task>(`/api/tasks/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });

export const deleteTask = (id: string) =>
  request<void>(`/api/tasks/${encodeURIComponent(id)}`, { method: 'DELETE' });
