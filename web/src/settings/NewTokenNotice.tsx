import { useEffect, useRef, useState } from 'react';

/** The token, shown once: selected for copying, with a Copy button that says what happened. */
export function NewTokenNotice({
  name,
  token,
  onDone,
}: {
  name: string;
  token: string;
  onDone: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string>();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [token]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('Copied.');
    } catch {
      // The clipboard needs a secure context or permission: the text is selected instead.
      input.current?.select();
      setCopied('Could not copy here: the token is selected, copy it with Ctrl+C.');
    }
  }

  return (
    <div className="notice new-token" role="status">
      <p>Token “{name}” created. Copy it now: it will not be shown again.</p>
      <div className="new-token-row">
        <label htmlFor="new-token" className="visually-hidden">
          New token
        </label>
        <input id="new-token" ref={input} readOnly value={token} />
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
