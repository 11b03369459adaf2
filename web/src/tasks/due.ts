import type { Task } from '../api/types';

/** Today in the reader's own time zone, as YYYY-MM-DD (the form due dates take). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * How pressing an open task's due date is: past it, due today, or neither. Done tasks and
 * tasks without a date are never late. (YYYY-MM-DD strings compare as dates.)
 */
export function urgency(task: Pick<Task, 'status' | 'dueDate'>, today: string) {
  if (task.status === 'done' || !task.dueDate) return undefined;
  if (task.dueDate < today) return 'overdue';
  if (task.dueDate === today) return 'today';
  return undefined;
}
