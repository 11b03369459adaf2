import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Task } from '../api/types';
import { editLists, pagedQuery, prependItem, removeItem, replaceItem } from '../ui/pagedList';
import {
  createTask,
  deleteTask,
  listTasks,
  updateTask,
  type TaskChanges,
  type TaskFilters,
} from './api';

/** Every task list (one per set of filters) is under this key. */
const LISTS = ['tasks', 'list'] as const;

/** The tasks these filters let through; while other filters' list loads, this one stays. */
export const taskListQuery = (filters: TaskFilters) =>
  pagedQuery([...LISTS, filters], (cursor, signal) => listTasks(filters, cursor, signal), {
    placeholderData: keepPreviousData,
  });

/** Adds a task: first in the lists at once, each list read again after. */
export function useAddTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createTask,
    onSuccess: (task) => editLists<Task>(client, LISTS, (pages) => prependItem(pages, task)),
  });
}

/** Changes a task; the lists show the saved task, each read again after. */
export function useChangeTask(task: Task) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: TaskChanges) => updateTask(task.id, changes),
    onSuccess: (saved) => editLists<Task>(client, LISTS, (pages) => replaceItem(pages, saved)),
  });
}

export function useDeleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteTask,
    onSuccess: (_, id) => editLists<Task>(client, LISTS, (pages) => removeItem(pages, id)),
  });
}
