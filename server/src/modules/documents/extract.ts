// Text extraction for ingested documents: the kind is sniffed from the bytes (sniff.ts), then
// PDF, HTML, Markdown (extract-*.ts) and plain text become titled sections that keep headings
// and page numbers for the chunker, within the document's character limit (limits.ts).
import { extractHtml } from './extract-html.js';
import { extractMarkdown } from './extract-markdown.js';
import { extractPdf } from './extract-pdf.js';
import { addSection, type Extracted, type ExtractedSection } from './extracted.js';
import { CharacterBudget, type IngestLimits } from './limits.js';
import { storableText } from '../../lib/storable-text.js';
import type { SourceKind } from './sniff.js';

export { ExtractionError, type Extracted, type ExtractedSection } from './extracted.js';
export { sniffKind, type SourceKind } from './sniff.js';

/** Text the database can store from the start, so titles taken from it are storable too. */
function decodeUtf8(bytes: Uint8Array): string {
  return storableText(new TextDecoder('utf-8').decode(bytes));
}

/**
 * The title and sections of a document of that kind; ExtractionError when it cannot be read or
 * goes over a limit. A PDF is counted while it is read (it may inflate far past its size); the
 * other kinds are no larger than their bytes, so their text is counted once extracted.
 */
export async function extractText(
  kind: SourceKind,
  bytes: Uint8Array,
  limits: IngestLimits,
): Promise<Extracted> {
  const budget = new CharacterBudget(limits);
  if (kind === 'pdf') return extractPdf(bytes, limits, budget);
  const extracted = extractDecoded(kind, decodeUtf8(bytes));
  for (const section of extracted.sections) budget.spend(section.text);
  return extracted;
}

function extractDecoded(kind: Exclude<SourceKind, 'pdf'>, text: string): Extracted {
  switch (kind) {
    case 'html':
      return extractHtml(text);
    case 'markdown':
      return extractMarkdown(text);
    case 'text': {
      const sections: ExtractedSection[] = [];
      addSection(sections, { text });
      return { sections };
    }
  }
}
