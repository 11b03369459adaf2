/** Save and Cancel at the foot of an edit form; Save waits while the form is busy. */
export function SaveCancel({
  busy,
  onCancel,
  className,
}: {
  busy: boolean;
  onCancel: () => void;
  className: string;
}) {
  return (
    <div className={className}>
      <button type="submit" className="button-primary" disabled={busy}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
