import { textOf, useSubmit } from '../ui/useSubmit';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { problemProps } from './fieldProblems';
import { useAddTask } from './queries';
import { detailsFrom, TaskDetailsFields } from './TaskDetailsFields';

/** Adds a task; the title field takes the focus again for the next one. */
export function AddTaskForm() {
  const add = useAddTask();
  const { busy, error, onSubmit } = useSubmit(async (values, form) => {
    await add.mutateAsync({ title: textOf(values, 'title').trim(), ...detailsFrom(values) });
    const title = form.elements.namedItem('title');
    if (title instanceof HTMLInputElement) title.focus();
  });
  return (
    <form className="card add-task" onSubmit={onSubmit} aria-busy={busy}>
      <h2 className="visually-hidden">Add a task</h2>
      <div className="add-task-fields">
        <Field
          label="New task"
          name="title"
          required
          maxLength={300}
          autoComplete="off"
          placeholder="What needs doing?"
          {...problemProps(error, 'title')}
        />
        <TaskDetailsFields error={error} />
        <button type="submit" className="button-primary" disabled={busy}>
          Add task
        </button>
      </div>
      <ErrorNotice error={error} />
    </form>
  );
}
