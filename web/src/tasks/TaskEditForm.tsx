import { useId, type KeyboardEvent } from 'react';
import type { Task } from '../api/types';
import { textOf, useSubmit } from '../ui/useSubmit';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SaveCancel } from '../ui/SaveCancel';
import { Field } from '../ui/Field';
import { problemProps } from './fieldProblems';
import { useChangeTask } from './queries';
import { detailsFrom, TaskDetailsFields } from './TaskDetailsFields';

/** A task's fields, edited in place: Save keeps them, Cancel or Escape leaves them as they were. */
export function TaskEditForm({
  task,
  onSaved,
  onCancel,
}: {
  task: Task;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const change = useChangeTask(task);
  const { busy, error, onSubmit } = useSubmit(async (values) => {
    await change.mutateAsync({
      title: textOf(values, 'title').trim(),
      notes: textOf(values, 'notes'),
      ...detailsFrom(values),
    });
    onSaved();
  });

  function escape(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onCancel();
  }

  return (
    <form className="task-edit" onSubmit={onSubmit} onKeyDown={escape} aria-busy={busy}>
      <Field
        label="Title"
        name="title"
        defaultValue={task.title}
        required
        maxLength={300}
        autoComplete="off"
        autoFocus
        {...problemProps(error, 'title')}
      />
      <div className="field">
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea
          id={`${id}-notes`}
          name="notes"
          rows={3}
          maxLength={20_000}
          defaultValue={task.notes}
        />
      </div>
      <div className="task-edit-details">
        <TaskDetailsFields task={task} error={error} />
      </div>
      <ErrorNotice error={error} />
      <SaveCancel busy={busy} onCancel={onCancel} className="task-edit-actions" />
    </form>
  );
}
