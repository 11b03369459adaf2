/**
 * Tags as typed, comma-separated ("Home, errands,home") → ["home", "errands"]: trimmed,
 * lower-case as the server keeps them, without empty entries or repeats.
 */
export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((tag) => tag.trim().toLowerCase())
    .filter((tag) => tag !== '');
  return [...new Set(tags)];
}

/** Tags as the field shows them, ready to edit: "home, errands". */
export const formatTags = (tags: string[]) => tags.join(', ');
