import { useEffect, useRef, useState } from 'react';

/**
 * A secret the server shows once (an API token, an invitation link): selected for copying,
 * with a Copy button that says what happened.
 */
export function CopyOnce({
  message,
  label,
  value,
  onDone,
}: {
  message: string;
  /** The field's accessible name. */
  label: string;
  value: string;
  onDone: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string>();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [value]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied.');
    } catch {
      // The clipboard needs a secure context or permission: the text is selected instead.
      input.current?.select();
      setCopied('Could not copy here: the text is selected, copy it with Ctrl+C.');
    }
  }

  return (
    <div className="notice copy-once" role="status">
      <p>{message}</p>
      <div className="copy-once-row">
        <input ref={input} readOnly value={value} aria-label={label} />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button-quiet" onClick={onDone}>
          Done
        </button>
      </div>
      {copied && <p className="hint">{copied}</p>}
    </div>
  );
}
