// Sniffing a document's kind from its bytes, never its name: the name only ever chooses between
// kinds of text (Markdown, source code, plain text). PNG and JPEG pictures (read by OCR) are known
// by their signatures. A ZIP container is known by its parts:
// EPUB by its `mimetype` entry, DOCX, XLSX and PPTX by the main part's type in
// [Content_Types].xml.
import { languageOf } from './code-languages.js';
import { csvSeparator } from './extract-csv.js';
import { isJpeg, isPng } from './images.js';
import type { SourceKind } from './kinds.js';
import { looksLikeSitemap } from './sitemap.js';
import { attribute, elements, parseXml } from './xml.js';
import { isZip, readZip } from './zip.js';

export type { SourceKind };

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

/** The main part's content type → the kind (with macro-enabled and template variants). */
const OFFICE_MAIN_PARTS: Record<string, SourceKind> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml': 'docx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml': 'docx',
  'application/vnd.ms-word.document.macroEnabled.main+xml': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': 'xlsx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml': 'xlsx',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml': 'pptx',
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml': 'pptx',
  'application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml': 'pptx',
};
const CONTENT_TYPES = '[Content_Types].xml';
const EPUB_MIMETYPE = 'application/epub+zip';

/** The kind of a ZIP container, from its `mimetype` and [Content_Types].xml parts only. */
async function sniffZip(bytes: Uint8Array): Promise<SourceKind | undefined> {
  const parts = await readZip(bytes, {
    what: 'ZIP file',
    wanted: (path) => path === 'mimetype' || path === CONTENT_TYPES,
    maxBytes: 1024 * 1024,
    limitName: '1 MB for the parts that tell its format',
  }).catch(() => undefined);
  if (!parts) return undefined;
  const mimetype = parts.get('mimetype');
  if (mimetype && new TextDecoder().decode(mimetype).trim() === EPUB_MIMETYPE) return 'epub';
  const contentTypes = parts.get(CONTENT_TYPES);
  if (!contentTypes) return undefined;
  for (const override of elements(parseXml(contentTypes), 'Override')) {
    const kind = OFFICE_MAIN_PARTS[attribute(override, 'ContentType') ?? ''];
    if (kind) return kind;
  }
  return undefined;
}

/** Why bytes that have no kind are refused, for the message. */
export function unsupportedReason(bytes: Uint8Array): string {
  return isZip(bytes)
    ? 'a ZIP archive that is not a DOCX, XLSX, PPTX or EPUB document'
    : 'binary content that is not a PDF, a PNG or JPEG picture, or a ZIP-based office document or e-book';
}

/** The kind of text: its name chooses Markdown or code, its content HTML, CSV or a script. */
function sniffText(text: string, fileName: string | undefined): SourceKind {
  // Before code: a sitemap is XML, often named .xml.
  if (looksLikeSitemap(text)) return 'sitemap';
  // Named like source code (or starting with #!): code, even when it starts with markup (JSX,
  // Vue, PHP templates).
  if (languageOf(fileName, text) !== undefined) return 'code';
  const start = htmlStart(text);
  const isMarkdownName = fileName !== undefined && MARKDOWN_NAME.test(fileName.trim());
  if (STRONG_HTML.test(start)) return 'html';
  // Markdown often starts with inline HTML (<p align="center">…): the name decides.
  if (BLOCK_TAG.test(start) && (!isMarkdownName || HTML_DOCUMENT_TAG.test(text.slice(0, 65536)))) {
    return 'html';
  }
  if (isMarkdownName) return 'markdown';
  if (csvSeparator(text) !== undefined) return 'csv';
  if (MARKDOWN_HEADING.test(text)) return 'markdown';
  return 'text';
}

/**
 * The kind of a document from its bytes: '%PDF-' → pdf; a ZIP → docx, xlsx, pptx or epub by its
 * parts; a PNG or JPEG signature → png, jpeg; valid UTF-8 text → sitemap when its root element
 * is a `<urlset>` or `<sitemapindex>`, html when it looks like HTML, markdown when named .md/.markdown,
 * code when named like source code (or starting with #!), csv when its first lines are a table,
 * markdown when it has Markdown headings, else text. Anything else → undefined.
 */
export async function sniffKind(
  bytes: Uint8Array,
  fileName?: string,
): Promise<SourceKind | undefined> {
  const pdfAt = findPdfHeader(bytes);
  if (pdfAt === 0) return 'pdf';
  if (isZip(bytes)) return sniffZip(bytes);
  if (isPng(bytes)) return 'png';
  if (isJpeg(bytes)) return 'jpeg';
  const text = decodeText(bytes);
  // A PDF may have a little junk before its header; text that mentions %PDF- stays text.
  if (text === undefined) return pdfAt > 0 ? 'pdf' : undefined;
  return sniffText(text, fileName);
}
