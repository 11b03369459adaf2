import type { Task } from '../api/types';
import { textOf } from '../ui/useSubmit';
import { Field } from '../ui/Field';
import { problemProps } from './fieldProblems';
import { SelectField } from '../ui/SelectField';
import { formatTags, parseTags } from './tags';
import type { TaskChanges } from './api';

const PRIORITIES = [
  { value: 'low', label: 'Low' },
  { value: 'normal', label: 'Normal' },
  { value: 'high', label: 'High' },
] as const;

/** The fields that adding and editing share: due date, tags and priority. */
export function TaskDetailsFields({ task, error }: { task?: Task; error: unknown }) {
  return (
    <>
      <Field
        label="Due date"
        name="dueDate"
        type="date"
        defaultValue={task?.dueDate ?? ''}
        {...problemProps(error, 'dueDate')}
      />
      <Field
        label="Tags"
        name="tags"
        defaultValue={formatTags(task?.tags ?? [])}
        placeholder="home, errands"
        autoComplete="off"
        {...problemProps(error, 'tags', 'Separate with commas')}
      />
      <SelectField
        label="Priority"
        name="priority"
        defaultValue={task?.priority ?? 'normal'}
        options={PRIORITIES}
      />
    </>
  );
}

/** The shared fields' values from a submitted form, as the API takes them. */
export function detailsFrom(values: FormData): TaskChanges {
  return {
    dueDate: textOf(values, 'dueDate') || null,
    tags: parseTags(textOf(values, 'tags')),
    priority: textOf(values, 'priority') as Task['priority'],
  };
}
