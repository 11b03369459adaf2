// A conversation is a tree of messages: each has the message before it in its branch (parentId).
// Editing a question, or asking for another answer, adds a new question beside the old one (the
// same parent), so every earlier exchange is kept and can be shown again. These read the tree
// from a conversation's messages, which are few enough to be read whole.

/** What the tree needs of a message. */
export interface TreeNode {
  id: string;
  parentId: string | null;
  createdAt: Date;
}

/** The message `id` with the messages before it, oldest first; empty if there is no such message. */
export function branchTo<T extends TreeNode>(messages: readonly T[], id: string | null): T[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const branch: T[] = [];
  const seen = new Set<string>();
  for (let at = id === null ? undefined : byId.get(id); at && !seen.has(at.id);) {
    seen.add(at.id);
    branch.push(at);
    at = at.parentId === null ? undefined : byId.get(at.parentId);
  }
  return branch.reverse();
}

/** The messages after `parentId` (null: the first questions), oldest first. */
export function childrenOf<T extends TreeNode>(
  messages: readonly T[],
  parentId: string | null,
): T[] {
  return messages.filter((m) => m.parentId === parentId);
}

/** The last message of the newest branch through `id`: following the newest message after each. */
export function newestLeafFrom<T extends TreeNode>(
  messages: readonly T[],
  id: string,
): T | undefined {
  let at = messages.find((m) => m.id === id);
  for (let depth = 0; at && depth < messages.length; depth++) {
    const next = childrenOf(messages, at.id).at(-1);
    if (!next) break;
    at = next;
  }
  return at;
}

/**
 * The branch a conversation shows: the one ending at its current message, or, if that is
 * unknown, the newest.
 */
export function shownBranch<T extends TreeNode>(
  messages: readonly T[],
  currentMessageId: string | null,
): T[] {
  const current = branchTo(messages, currentMessageId);
  if (current.length > 0 || messages.length === 0) return current;
  return branchTo(messages, messages.at(-1)!.id);
}
