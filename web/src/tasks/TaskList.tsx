import type { Task } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { localToday } from './due';
import { TaskItem } from './TaskItem';

/** The tasks the filters let through, newest first, with "Load more" while there are more. */
export function TaskList({
  items,
  hasMore,
  loading,
  loadingMore,
  error,
  filtered,
  loadMore,
  onDeleted,
}: {
  items: Task[] | undefined;
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  /** Whether filters are applied: an empty list then says so, not "no tasks yet". */
  filtered: boolean;
  loadMore: () => void;
  onDeleted: () => void;
}) {
  const today = localToday();
  return (
    <div className="task-list-area" aria-busy={loading}>
      {items === undefined && loading && <p className="hint">Loading tasks…</p>}
      {items?.length === 0 &&
        (filtered ? (
          <p className="empty">No tasks match these filters: change or clear them above.</p>
        ) : (
          <p className="empty">No tasks yet — add one above.</p>
        ))}
      {items && items.length > 0 && (
        <ul className="card-list">
          {items.map((task) => (
            <TaskItem key={task.id} task={task} today={today} onDeleted={onDeleted} />
          ))}
        </ul>
      )}
      <ErrorNotice error={error} />
      {hasMore && (
        <button type="button" className="load-more" disabled={loadingMore} onClick={loadMore}>
          Load more
        </button>
      )}
    </div>
  );
}
