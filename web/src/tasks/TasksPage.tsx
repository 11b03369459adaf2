import { useMemo, useState } from 'react';
import { useFocusAfterDelete } from '../ui/useFocusAfterDelete';
import { usePagedList } from '../ui/pagedList';
import { AddTaskForm } from './AddTaskForm';
import { hasFilters, NO_FILTERS, type TaskFilters as Filters } from './api';
import { taskListQuery } from './queries';
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
  const tasks = usePagedList(taskListQuery(applied));
  const [listHeading, focusList] = useFocusAfterDelete<HTMLHeadingElement>();

  return (
    <div className="tasks-page">
      <h1>Tasks</h1>
      <AddTaskForm />
      <h2 ref={listHeading} tabIndex={-1} className="visually-hidden">
        Your list
      </h2>
      <TaskFilters filters={filters} onChange={setFilters} />
      <TaskList {...tasks} onDeleted={focusList} filtered={hasFilters(applied)} />
    </div>
  );
}
