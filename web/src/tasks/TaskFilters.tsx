import type { ChangeEvent } from 'react';
import { Field } from '../ui/Field';
import { hasFilters, NO_FILTERS, type TaskFilters as Filters } from './api';
import { SelectField } from '../ui/SelectField';

const STATUSES = [
  { value: '', label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
] as const;

/** The list's filters; every change applies at once (text after a pause in typing). */
export function TaskFilters({
  filters,
  onChange,
}: {
  filters: Filters;
  onChange: (filters: Filters) => void;
}) {
  const set = (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    onChange({ ...filters, [event.currentTarget.name]: event.currentTarget.value });
  return (
    <form className="task-filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <SelectField
        label="Status"
        name="status"
        value={filters.status}
        onChange={set}
        options={STATUSES}
      />
      <Field
        label="Search tasks"
        name="q"
        type="search"
        value={filters.q}
        onChange={set}
        autoComplete="off"
      />
      <Field label="Tag" name="tag" value={filters.tag} onChange={set} autoComplete="off" />
      <Field
        label="Due after"
        name="dueAfter"
        type="date"
        value={filters.dueAfter}
        onChange={set}
      />
      <Field
        label="Due before"
        name="dueBefore"
        type="date"
        value={filters.dueBefore}
        onChange={set}
      />
      {hasFilters(filters) && (
        <button type="button" className="button-quiet" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
    </form>
  );
}
