import { useCallback, useMemo, useState } from 'react';
import type { Task } from '../api/types';
import { useRemoveThenFocus } from '../ui/useRemoveThenFocus';
import { usePagedList } from '../ui/usePagedList';
import { AddTaskForm } from './AddTaskForm';
import { hasFilters, listTasks, NO_FILTERS, type TaskFilters as Filters } from './api';
import { TaskFilters } from './TaskFilters';
import { TaskList } from './TaskList';
import { useDebounced } from './useDebounced';
import './tasks.css';

const TYPING_PAUSE_MS = 300;

/** The filters the list follows: choices at once, typed text once typing pauses. */
function useAppliedFilters(filters: Filters): Filters {
  const q = useDebounced(filters.q, TYPING_PAUSE_MS);
  const tag = useDebounced(filters.tag, TYPING_PAUSE_MS);
  const { status, dueAfter, dueBefore } = filters;
  return useMemo(
    () => ({ status, dueAfter, dueBefore, q, tag }),
    [status, dueAfter, dueBefore, q, tag],
  );
}

export function TasksPage() {
  const [filters, setFilters] = useState(NO_FILTERS);
  const applied = useAppliedFilters(filters);
  const fetchPage = useCallback(
    (cursor: string | undefined, signal?: AbortSignal) => listTasks(applied, cursor, signal),
    [applied],
  );
  const tasks = usePagedList<Task>(fetchPage);
  const [listHeading, removeThenFocus] = useRemoveThenFocus<HTMLHeadingElement>(tasks.remove);

  return (
    <div className="tasks-page">
      <h1>Tasks</h1>
      <AddTaskForm onAdded={tasks.prepend} />
      <h2 ref={listHeading} tabIndex={-1} className="visually-hidden">
        Your list
      </h2>
      <TaskFilters filters={filters} onChange={setFilters} />
      <TaskList {...tasks} remove={removeThenFocus} filtered={hasFilters(applied)} />
    </div>
  );
}
