import type { Message } from '../api/types';

/**
 * "‹ 2/3 ›" on a message that was edited or asked again: the branches in its place, oldest
 * first; choosing one shows that branch (to its newest end).
 */
export function BranchSwitcher({
  message,
  disabled,
  onShow,
}: {
  message: Message;
  disabled: boolean;
  onShow: (messageId: string) => void;
}) {
  const { siblingIds } = message;
  if (siblingIds.length < 2) return null;
  const at = siblingIds.indexOf(message.id);
  const previous = siblingIds[at - 1];
  const next = siblingIds[at + 1];
  const who = message.role === 'user' ? 'question' : 'answer';
  return (
    <nav className="branches" aria-label={`Versions of this ${who}`}>
      <button
        type="button"
        className="button-quiet"
        aria-label={`Previous version of this ${who}`}
        disabled={disabled || previous === undefined}
        onClick={() => previous && onShow(previous)}
      >
        ‹
      </button>
      <span>
        {at + 1}/{siblingIds.length}
      </span>
      <button
        type="button"
        className="button-quiet"
        aria-label={`Next version of this ${who}`}
        disabled={disabled || next === undefined}
        onClick={() => next && onShow(next)}
      >
        ›
      </button>
    </nav>
  );
}
