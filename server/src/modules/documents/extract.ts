// Text extraction for ingested documents: the kind is sniffed from the bytes (sniff.ts), then
// PDF, HTML, Markdown (extract-*.ts) and plain text become titled sections that keep headings
// and page numbers for the chunker.
import { extractHtml } from './extract-html.js';
import { extractMarkdown } from './extract-markdown.js';
import { extractPdf } from './extract-pdf.js';
import { addSection, type Extracted, type ExtractedSection } from './extracted.js';
import type { SourceKind } from './sniff.js';

export { ExtractionError, type Extracted, type ExtractedSection } from './extracted.js';
export { sniffKind, type SourceKind } from './sniff.js';

function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** The title and sections of a document of that kind; ExtractionError when it cannot be read. */
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
