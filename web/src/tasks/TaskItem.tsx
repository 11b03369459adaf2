import { useEffect, useRef, useState } from 'react';
import type { Task } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDate } from '../ui/format';
import { urgency } from './due';
import { useChangeTask, useDeleteTask } from './queries';
import { TaskEditForm } from './TaskEditForm';

const PRIORITY_NAMES = { low: 'Low priority', normal: 'Normal priority', high: 'High priority' };

/** Due date, priority and tags, in words (overdue is said, not only coloured). */
function TaskDetails({ task, today }: { task: Task; today: string }) {
  const due = urgency(task, today);
  return (
    <div className="task-details">
      {task.dueDate && (
        <span className={due ? `due due-${due}` : 'due'}>
          Due {formatDate(task.dueDate)}
          {due === 'overdue' && <strong> · Overdue</strong>}
          {due === 'today' && <strong> · Today</strong>}
        </span>
      )}
      <span className={`priority priority-${task.priority}`}>{PRIORITY_NAMES[task.priority]}</span>
      {task.tags.length > 0 && (
        <>
          <span className="visually-hidden">Tagged</span>
          <ul className="inline-list">
            {task.tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * One task: done or not (shown at once, undone if saving fails), its details, edit in place and
 * delete. Closing the edit form puts the focus back on Edit.
 */
export function TaskItem({
  task,
  today,
  onDeleted,
}: {
  task: Task;
  today: string;
  /** After the task is deleted (it is then gone from the list). */
  onDeleted: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const toggling = useChangeTask(task);
  // The status being saved, shown at once (the checkbox follows the click), until saved or refused.
  const [savingStatus, setSavingStatus] = useState<Task['status']>();
  const deleting = useDeleteTask();
  const editButton = useRef<HTMLButtonElement>(null);
  const focusEdit = useRef(false);
  const busy = toggling.isPending || deleting.isPending;

  useEffect(() => {
    if (editing || !focusEdit.current) return;
    focusEdit.current = false;
    editButton.current?.focus();
  }, [editing]);

  function closeEditor() {
    focusEdit.current = true;
    setEditing(false);
  }

  function toggle() {
    if (busy) return;
    const status = task.status === 'open' ? 'done' : 'open';
    setSavingStatus(status);
    deleting.reset();
    toggling.mutate({ status }, { onSettled: () => setSavingStatus(undefined) });
  }

  async function remove() {
    if (!window.confirm(`Delete the task “${task.title}”?`)) return;
    toggling.reset();
    try {
      await deleting.mutateAsync(task.id);
      onDeleted();
    } catch {
      // shown below, from the mutation's error
    }
  }

  const done = (savingStatus ?? task.status) === 'done';
  return (
    <li className={done ? 'task is-done' : 'task'} aria-busy={busy}>
      {editing ? (
        <TaskEditForm task={task} onSaved={closeEditor} onCancel={closeEditor} />
      ) : (
        <div className="task-view">
          <input
            type="checkbox"
            className="task-check"
            checked={done}
            aria-label={`Done: ${task.title}`}
            onChange={toggle}
          />
          <div className="task-body">
            <p className="task-title">{task.title}</p>
            {task.notes && <p className="task-notes">{task.notes}</p>}
            <TaskDetails task={task} today={today} />
          </div>
          <div className="task-actions">
            <button
              type="button"
              ref={editButton}
              aria-label={`Edit ${task.title}`}
              onClick={() => setEditing(true)}
            >
              Edit
            </button>
            <button
              type="button"
              className="button-danger"
              aria-label={`Delete ${task.title}`}
              disabled={busy}
              onClick={() => void remove()}
            >
              Delete
            </button>
          </div>
        </div>
      )}
      <ErrorNotice error={toggling.error ?? deleting.error} />
    </li>
  );
}
