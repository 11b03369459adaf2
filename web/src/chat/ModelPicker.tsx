import type { ChatModel } from '../api/types';

/** Which model answers in this conversation; shown when the server offers more than one. */
export function ModelPicker({
  models,
  value,
  disabled,
  onPick,
}: {
  models: readonly ChatModel[];
  value: string;
  disabled: boolean;
  onPick: (model: string) => void;
}) {
  if (models.length < 2) return null;
  return (
    <label className="model-picker">
      Model{' '}
      <select value={value} disabled={disabled} onChange={(event) => onPick(event.target.value)}>
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
    </label>
  );
}
