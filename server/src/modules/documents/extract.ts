// Text extraction for ingested documents: the kind is sniffed from the bytes (never the name),
// then PDF (pdf.js), HTML (htmlparser2), Markdown and plain text become titled sections that
// keep headings and page numbers for the chunker.
import { Parser } from 'htmlparser2';

export type SourceKind = 'pdf' | 'html' | 'markdown' | 'text';

export interface ExtractedSection {
  heading?: string;
  page?: number;
  text: string;
}

export interface Extracted {
  title?: string;
  sections: ExtractedSection[];
}

/** The content cannot be read (a corrupt or encrypted PDF…); the message is shown to the user. */
export class ExtractionError extends Error {
  override name = 'ExtractionError';
}

// ---------------------------------------------------------------------------------------------
// Sniffing

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

// ---------------------------------------------------------------------------------------------
// Shared text helpers

function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** \r\n → \n, no trailing spaces, at most one blank line in a row, trimmed. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function addSection(sections: ExtractedSection[], section: ExtractedSection): void {
  const text = tidy(section.text);
  if (!text) return;
  const result: ExtractedSection = { text };
  if (section.heading) result.heading = section.heading;
  if (section.page !== undefined) result.page = section.page;
  sections.push(result);
}

export async function extractText(kind: SourceKind, bytes: Uint8Array): Promise<Extracted> {
  switch (kind) {
    case 'pdf':
      return extractPdf(bytes);
    case 'html':
      return extractHtml(decodeUtf8(bytes));
    case 'markdown':
      return extractMarkdown(decodeUtf8(bytes));
    case 'text': {
      const sections: ExtractedSection[] = [];
      addSection(sections, { text: decodeUtf8(bytes) });
      return { sections };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const ATX_EMPTY_HEADING = /^ {0,3}(#{1,6})[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

function extractMarkdown(source: string): Extracted {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  let frontMatterTitle: string | undefined;
  // YAML front matter: dropped, its title kept as a fallback.
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, n) => n > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
    if (end > 0) {
      for (const line of lines.slice(1, end)) {
        const match = /^title:\s*(.+?)\s*$/.exec(line);
        if (match?.[1]) frontMatterTitle = match[1].replace(/^(['"])(.*)\1$/, '$2').trim();
      }
      i = end + 1;
    }
  }

  const sections: ExtractedSection[] = [];
  let title: string | undefined;
  let heading: string | undefined;
  let body: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    addSection(sections, { heading, text: body.join('\n') });
    body = [];
  };
  const startSection = (level: number, text: string) => {
    flush();
    if (level === 1 && title === undefined && text) title = text;
    heading = text || undefined;
  };

  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      if (
        fenceMatch?.[1] &&
        fenceMatch[1][0] === fence[0] &&
        fenceMatch[1].length >= fence.length
      ) {
        fence = undefined;
      }
      body.push(line);
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      body.push(line);
      continue;
    }
    const atx = ATX_HEADING.exec(line) ?? ATX_EMPTY_HEADING.exec(line);
    if (atx?.[1] && atx[1].length <= 3) {
      startSection(atx[1].length, (atx[2] ?? '').trim());
      continue;
    }
    // Setext headings: a paragraph line underlined with === (h1) or --- (h2).
    const next = lines[i + 1];
    const previous = body[body.length - 1];
    if (
      next !== undefined &&
      line.trim() &&
      (previous === undefined || !previous.trim()) &&
      /^ {0,3}(?:=+|-+)[ \t]*$/.test(next) &&
      !/^ {0,3}(?:[-*+>]|\d+[.)])\s/.test(line)
    ) {
      startSection(next.trim().startsWith('=') ? 1 : 2, line.trim());
      i++;
      continue;
    }
    body.push(line);
  }
  flush();
  title ??= frontMatterTitle;
  return title === undefined ? { sections } : { title, sections };
}

// ---------------------------------------------------------------------------------------------
// HTML

const SKIPPED = new Set([
  'script',
  'style',
  'nav',
  'footer',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'head',
  'select',
  'button',
  'dialog',
]);
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const PARAGRAPH = new Set([
  'p',
  'h4',
  'h5',
  'h6',
  'pre',
  'blockquote',
  'table',
  'ul',
  'ol',
  'dl',
  'figure',
  'hr',
  'address',
  'details',
  'fieldset',
  'form',
]);
const LINE = new Set([
  'div',
  'section',
  'article',
  'main',
  'header',
  'aside',
  'li',
  'tr',
  'dt',
  'dd',
  'br',
  'figcaption',
  'summary',
  'caption',
  'legend',
  'option',
  'label',
]);
const CELL = new Set(['td', 'th']);
const HEAD_CONTENT = new Set([
  'title',
  'meta',
  'link',
  'style',
  'script',
  'base',
  'noscript',
  'template',
]);
const SECTION_HEADINGS = new Set(['h1', 'h2', 'h3']);

function extractHtml(html: string): Extracted {
  const sections: ExtractedSection[] = [];
  let title: string | undefined;
  let firstH1: string | undefined;
  let skipDepth = 0; // inside a dropped element (counted by its own tag name)
  let skipTag: string | undefined;
  let inTitle = false;
  let titleText = '';
  let preDepth = 0;
  let headingTag: string | undefined;
  let headingText = '';
  let heading: string | undefined;
  // The section's text as parts, with the whitespace owed before the next text kept pending:
  // appending to one long string and looking at its end would be quadratic on large pages.
  let parts: string[] = [];
  let pendingBreaks = 0; // newlines owed (at most 2: a blank line)
  let pendingSeparator = ''; // ' ' or '\t' owed within a line

  const flush = () => {
    addSection(sections, { heading, text: parts.join('') });
    parts = [];
    pendingBreaks = 0;
    pendingSeparator = '';
  };
  const breakLine = (blank: boolean, force = false) => {
    pendingSeparator = '';
    if (parts.length === 0) return;
    pendingBreaks = Math.min(2, blank ? 2 : force ? pendingBreaks + 1 : Math.max(pendingBreaks, 1));
  };
  const separate = (separator: ' ' | '\t') => {
    if (parts.length > 0 && pendingBreaks === 0 && pendingSeparator !== '\t') {
      pendingSeparator = separator;
    }
  };
  const append = (text: string) => {
    if (!text) return;
    if (parts.length > 0) {
      if (pendingBreaks > 0) parts.push(pendingBreaks === 2 ? '\n\n' : '\n');
      else if (pendingSeparator) parts.push(pendingSeparator);
    }
    pendingBreaks = 0;
    pendingSeparator = '';
    parts.push(text);
  };
  const appendInline = (text: string) => {
    const collapsed = text.replace(/\s+/g, ' ');
    if (collapsed.startsWith(' ')) separate(' ');
    append(collapsed.trim());
    if (collapsed.endsWith(' ') && collapsed.trim()) separate(' ');
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title' && title === undefined && (skipTag ?? 'head') === 'head') {
          inTitle = true;
          titleText = '';
          return;
        }
        // Content in a <head> that is never closed (no </head>, no <body>) is the body.
        if (skipTag === 'head' && !HEAD_CONTENT.has(name)) skipTag = undefined;
        if (skipTag !== undefined) {
          if (name === skipTag) skipDepth++;
          return;
        }
        const hidden =
          'hidden' in attributes ||
          attributes['aria-hidden'] === 'true' ||
          /display\s*:\s*none/i.test(attributes.style ?? '');
        if (SKIPPED.has(name) || (hidden && !VOID.has(name))) {
          skipTag = name;
          skipDepth = 1;
          return;
        }
        if (headingTag !== undefined) {
          if (name === 'br') headingText += ' ';
          return;
        }
        if (SECTION_HEADINGS.has(name)) {
          headingTag = name;
          headingText = '';
          return;
        }
        if (name === 'pre') preDepth++;
        if (PARAGRAPH.has(name)) breakLine(true);
        else if (name === 'br') breakLine(false, true);
        else if (LINE.has(name)) breakLine(false);
        else if (CELL.has(name)) separate('\t');
        else if (name === 'img' && attributes.alt?.trim()) appendInline(` ${attributes.alt} `);
      },
      ontext(text) {
        if (inTitle) titleText += text;
        else if (skipTag !== undefined) return;
        else if (headingTag !== undefined) headingText += text;
        else if (preDepth > 0) append(text);
        else appendInline(text);
      },
      onclosetag(name) {
        if (inTitle && name === 'title') {
          inTitle = false;
          const text = collapse(titleText);
          if (text) title = text;
          return;
        }
        if (skipTag !== undefined) {
          if (name === skipTag && --skipDepth === 0) skipTag = undefined;
          return;
        }
        if (headingTag !== undefined) {
          if (name !== headingTag) return;
          headingTag = undefined;
          flush();
          heading = collapse(headingText) || undefined;
          if (name === 'h1' && firstH1 === undefined && heading) firstH1 = heading;
          return;
        }
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (PARAGRAPH.has(name)) breakLine(true);
        else if (LINE.has(name) && name !== 'br') breakLine(false);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  if (headingTag !== undefined) heading = collapse(headingText) || undefined;
  flush();

  title ??= firstH1;
  const result: Extracted = { sections };
  if (title !== undefined) result.title = title;
  return result;
}

// ---------------------------------------------------------------------------------------------
// PDF

interface PdfTextItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
  height: number;
}

interface PdfLine {
  text: string;
  size: number;
  y: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  // Loaded on first use: pdf.js is large and only the ingestion worker needs it.
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

function pdfReason(error: unknown): string {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'PasswordException') return 'it is password-protected';
  const message = error instanceof Error ? error.message : String(error);
  return message || 'unknown error';
}

/** Lines of one page from pdf.js text items, with their font size and vertical position. */
function pdfLines(items: PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let text = '';
  let size = 0;
  let y: number | undefined;
  const push = () => {
    const clean = collapse(text);
    if (clean) lines.push({ text: clean, size, y: y ?? 0 });
    text = '';
    size = 0;
    y = undefined;
  };
  for (const item of items) {
    const itemY = item.transform[5] ?? 0;
    const itemSize = Math.abs(item.transform[3] ?? 0) || item.height;
    // A new line when the baseline moves by more than half the font size without an EOL mark.
    if (y !== undefined && text && Math.abs(itemY - y) > Math.max(itemSize, size) / 2) push();
    if (item.str) {
      if (y === undefined) y = itemY;
      text += item.str;
      size = Math.max(size, itemSize);
    }
    if (item.hasEOL) push();
  }
  push();
  return lines;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function extractPdf(bytes: Uint8Array): Promise<Extracted> {
  const { getDocument } = await loadPdfJs();
  // pdf.js takes ownership of (detaches) the buffer it is given, and refuses Node Buffers (which
  // may share a pooled ArrayBuffer): hand it a plain copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw new ExtractionError(`could not read the PDF: ${pdfReason(error)}`);
  }
  try {
    let title: string | undefined;
    try {
      const meta = (await document.getMetadata()) as {
        info?: { Title?: unknown };
        metadata?: { get(name: string): unknown } | null;
      };
      const infoTitle = meta.info?.Title;
      const xmpTitle = meta.metadata?.get('dc:title');
      const candidate = typeof infoTitle === 'string' && infoTitle.trim() ? infoTitle : xmpTitle;
      if (typeof candidate === 'string' && collapse(candidate)) title = collapse(candidate);
    } catch {
      // Metadata is optional.
    }

    const pages: PdfLine[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const items = content.items.filter((item) => 'str' in item) as PdfTextItem[];
      pages.push(pdfLines(items));
      page.cleanup();
    }

    // Headings, cheaply: short lines set clearly larger than the body text.
    const bodySize = median(pages.flat().map((line) => line.size));
    const isHeading = (line: PdfLine) =>
      bodySize > 0 &&
      line.size >= bodySize * 1.25 &&
      line.text.length <= 120 &&
      /\p{L}/u.test(line.text) &&
      !/[.,;:]$/.test(line.text);

    const sections: ExtractedSection[] = [];
    let heading: string | undefined;
    pages.forEach((lines, index) => {
      const page = index + 1;
      let body = '';
      let previous: PdfLine | undefined;
      for (const line of lines) {
        if (isHeading(line)) {
          // Consecutive heading lines (a wrapped title) form one heading.
          if (previous && isHeading(previous) && !body.trim()) {
            heading = `${heading ?? ''} ${line.text}`.trim();
          } else {
            addSection(sections, { heading, page, text: body });
            body = '';
            heading = line.text;
          }
          previous = line;
          continue;
        }
        // A gap of more than ~1.5 lines between baselines starts a new paragraph.
        const gap = previous ? Math.abs(previous.y - line.y) : 0;
        if (body && gap > Math.max(line.size, previous?.size ?? 0) * 1.6) body += '\n\n';
        else if (body) body += '\n';
        body += line.text;
        previous = line;
      }
      addSection(sections, { heading, page, text: body });
    });

    if (sections.length === 0) {
      throw new ExtractionError(
        'the PDF has no extractable text (a scanned document needs OCR, which is not supported)',
      );
    }
    return title === undefined ? { sections } : { title, sections };
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw new ExtractionError(`could not read the PDF: ${pdfReason(error)}`);
  } finally {
    await document.destroy().catch(() => undefined);
  }
}
