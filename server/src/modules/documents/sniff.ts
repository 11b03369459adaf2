// Sniffing a document's kind from its bytes, never its name: the name only ever chooses between
// Markdown and other text.

export type SourceKind = 'pdf' | 'html' | 'markdown' | 'text';

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const SNIFF_WINDOW = 1024;

function startsWithAt(bytes: Uint8Array, magic: number[], at: number): boolean {
  return magic.every((b, i) => bytes[at + i] === b);
}

function findPdfHeader(bytes: Uint8Array): number {
  const end = Math.min(bytes.length - PDF_MAGIC.length, SNIFF_WINDOW);
  for (let i = 0; i <= end; i++) if (startsWithAt(bytes, PDF_MAGIC, i)) return i;
  return -1;
}

/** The text when the bytes are valid UTF-8 without NUL bytes and (nearly) no control characters. */
function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a BOM
  } catch {
    return undefined;
  }
  // Binary formats that happen to be valid UTF-8 still have control characters early on.
  const sample = text.slice(0, 8192);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) {
      controls++;
    }
  }
  return controls > sample.length / 100 ? undefined : text;
}

const STRONG_HTML = /^(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;
const HTML_DOCUMENT_TAG = /<(?:html|head|body)[\s>]/i;
const BLOCK_TAG =
  /^<(?:div|p|h[1-6]|table|ul|ol|dl|section|article|main|header|footer|nav|aside|title|meta|link|script|style|form|pre|blockquote|figure|iframe|br|hr|span|a|img)[\s>/]/i;
const MARKDOWN_NAME = /\.(?:md|markdown|mdown|mkd)$/i;
const MARKDOWN_HEADING = /^ {0,3}#{1,6}[ \t]+\S/m;

/** The start of the text without leading whitespace, comments and an XML declaration. */
function htmlStart(text: string): string {
  return text
    .slice(0, 4096)
    .replace(/^(?:\s+|<!--[\s\S]*?-->|<\?xml[\s\S]*?\?>)*/, '')
    .slice(0, SNIFF_WINDOW);
}

/**
 * The kind of a document from its bytes: '%PDF-' → pdf; valid UTF-8 text → html when it looks
 * like HTML, markdown when named .md/.markdown or it has Markdown headings, else text. Binary or
 * undecodable content → undefined. The name only ever chooses between markdown and other text.
 */
export function sniffKind(bytes: Uint8Array, fileName?: string): SourceKind | undefined {
  const pdfAt = findPdfHeader(bytes);
  if (pdfAt === 0) return 'pdf';
  const text = decodeText(bytes);
  // A PDF may have a little junk before its header; text that mentions %PDF- stays text.
  if (text === undefined) return pdfAt > 0 ? 'pdf' : undefined;
  const start = htmlStart(text);
  const isMarkdownName = fileName !== undefined && MARKDOWN_NAME.test(fileName.trim());
  if (STRONG_HTML.test(start)) return 'html';
  // Markdown often starts with inline HTML (<p align="center">…): the name decides.
  if (BLOCK_TAG.test(start) && (!isMarkdownName || HTML_DOCUMENT_TAG.test(text.slice(0, 65536)))) {
    return 'html';
  }
  if (isMarkdownName || MARKDOWN_HEADING.test(text)) return 'markdown';
  return 'text';
}
