// Downloads' Content-Disposition, written here rather than with the `content-disposition`
// package (docs/decisions.md): the name is sanitised first anyway, and then it is one template.

const MAX_FILE_NAME_CHARS = 200;

/** The last path segment, without control characters (CR, LF…), quotes or leading dots. */
export function safeFileName(name: string, fallback = 'document'): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}"]/gu, '')
    .replace(/^[.\s]+/, '')
    .trim();
  return cleaned.slice(0, MAX_FILE_NAME_CHARS) || fallback;
}

/** RFC 5987 ext-value: UTF-8, percent-encoded beyond its attr-chars. */
const rfc5987 = (value: string) =>
  encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** RFC 6266, for a name already made safe: an ASCII `filename` for old clients, the exact name in `filename*`. */
export function attachmentDisposition(name: string) {
  const ascii = name.replace(/[^\x20-\x7e]|[\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}
