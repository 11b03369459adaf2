import { useState } from 'react';

/** Copies an answer's text (its Markdown, citation numbers included) and says it did. */
export function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard (an insecure origin, or permission refused).
      setState('failed');
    }
  }
  return (
    <>
      <button type="button" className="button-quiet" onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" className="hint">
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Could not copy: select the text'
            : ''}
      </span>
    </>
  );
}
