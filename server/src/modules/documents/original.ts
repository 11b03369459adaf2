// How a document's original bytes are answered (GET /api/documents/:id/original): always as a
// download, never as a page of our origin. The type comes from the kind Docket sniffed from the
// bytes, not from a name or a header the uploader or the remote site chose; a kind a browser
// could run as active content (HTML) is sent as application/octet-stream. Every kind must be
// listed here (the type checker says so when one is added). The file name is the upload's own,
// or the title with the kind's extension, stripped of path, quotes and control characters.
import { attachmentDisposition, safeFileName } from '../../lib/content-disposition.js';
import type { DocumentRow } from './queries.js';
import type { SourceKind } from './kinds.js';

const BINARY = 'application/octet-stream';

const ORIGINAL_FORMATS: Record<SourceKind, { type: string; extension: string }> = {
  pdf: { type: 'application/pdf', extension: 'pdf' },
  html: { type: BINARY, extension: 'html' },
  markdown: { type: 'text/markdown', extension: 'md' },
  text: { type: 'text/plain', extension: 'txt' },
  csv: { type: 'text/csv', extension: 'csv' },
  // Source code may be HTML, SVG or XML: served as plain text, which no browser runs.
  code: { type: 'text/plain', extension: 'txt' },
  // XML (a browser would apply its stylesheet): plain text too.
  sitemap: { type: 'text/plain', extension: 'xml' },
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  xlsx: {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
  pptx: {
    type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
  },
  epub: { type: 'application/epub+zip', extension: 'epub' },
  png: { type: 'image/png', extension: 'png' },
  jpeg: { type: 'image/jpeg', extension: 'jpg' },
};

function fileNameOf(document: DocumentRow): string {
  if (document.source === 'upload' && document.fileName) return safeFileName(document.fileName);
  const extension = document.kind ? ORIGINAL_FORMATS[document.kind].extension : 'bin';
  return safeFileName(`${document.title.replace(/[/\\]/g, ' ')}.${extension}`);
}

/** The headers of the original's answer. */
export function originalHeaders(document: DocumentRow): Record<string, string> {
  return {
    'content-type': document.kind ? ORIGINAL_FORMATS[document.kind].type : BINARY,
    'content-disposition': attachmentDisposition(fileNameOf(document)),
    'x-content-type-options': 'nosniff',
    'content-security-policy': 'sandbox',
    'cache-control': 'private, no-cache',
  };
}
