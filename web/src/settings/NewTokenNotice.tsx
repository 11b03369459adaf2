import { CopyOnce } from '../ui/CopyOnce';

/** The token, shown once. */
export function NewTokenNotice({
  name,
  token,
  onDone,
}: {
  name: string;
  token: string;
  onDone: () => void;
}) {
  return (
    <CopyOnce
      message={`Token “${name}” created. Copy it now: it will not be shown again.`}
      label="New token"
      value={token}
      onDone={onDone}
    />
  );
}
