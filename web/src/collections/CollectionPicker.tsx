import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SelectField } from '../ui/SelectField';
import { collectionsQuery } from './queries';

/**
 * Everything you may read, or one collection: '' is everything. Shown once you have a
 * collection (yours or shared with you); until then there is nothing to choose.
 */
export function CollectionPicker({
  label,
  allLabel,
  value,
  disabled,
  onPick,
}: {
  label: string;
  allLabel: string;
  value: string;
  disabled?: boolean;
  onPick: (collectionId: string) => void;
}) {
  const { data: collections, error } = useQuery(collectionsQuery);
  if (error) return <ErrorNotice error={error} />;
  if (!collections?.length && !value) return null;
  return (
    <SelectField
      label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onPick(event.target.value)}
      options={[
        { value: '', label: allLabel },
        ...(collections ?? []).map((c) => ({ value: c.id, label: c.name })),
      ]}
    />
  );
}
