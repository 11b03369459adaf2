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
      // A new token is a fresh notice: no "Copied." from the one before.
      key={token}
      message={`Token “${name}” created. Copy it now: it will not be shown again.`}
      label="New token"
      value={token}
      onDone={onDone}
    />
  );
}
