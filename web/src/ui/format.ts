// Numbers, dates and messages as people read them.

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A date-only value (YYYY-MM-DD) shown in the reader's locale, without time-zone shifts. */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(year!, month! - 1, day).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** Server messages start lower-case, to follow a field name; shown alone, they open a sentence. */
export const asSentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
