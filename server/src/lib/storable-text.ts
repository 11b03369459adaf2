// PostgreSQL text (and jsonb) cannot hold U+0000, and a lone UTF-16 surrogate cannot be encoded:
// text we store (extracted documents, job failure reasons) loses the first and has the second
// replaced, so that saving it never fails on its content.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text without NUL characters, with lone surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\ufffd');
}
