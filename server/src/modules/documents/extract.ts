// Text extraction for ingested documents: the kind is sniffed from the bytes (sniff.ts), then
// PDF, Word, Excel, PowerPoint, EPUB, HTML, Markdown, CSV, source code, pictures (OCR;
// extract-*.ts) and plain text become titled sections that keep headings, sheets, slides and page numbers for the
// chunker, within the document's limits (limits.ts).
import { extractCode } from './extract-code.js';
import { extractCsv } from './extract-csv.js';
import { extractDocx } from './extract-docx.js';
import { extractEpub } from './extract-epub.js';
import { extractHtml } from './extract-html.js';
import { extractMarkdown } from './extract-markdown.js';
import { extractPdf } from './extract-pdf.js';
import { extractPicture } from './extract-picture.js';
import { extractPptx } from './extract-pptx.js';
import { extractXlsx } from './extract-xlsx.js';
import { addSection, ExtractionError, type Extracted, type ExtractedSection } from './extracted.js';
import { CharacterBudget, type IngestLimits } from './limits.js';
import { extractSitemap } from './sitemap.js';
import { storableText } from '../../lib/storable-text.js';
import type { SourceKind } from './sniff.js';

export { ExtractionError, type Extracted, type ExtractedSection } from './extracted.js';
export { sniffKind, unsupportedReason, type SourceKind } from './sniff.js';

/** Text the database can store from the start, so titles taken from it are storable too. */
function decodeUtf8(bytes: Uint8Array): string {
  return storableText(new TextDecoder('utf-8').decode(bytes));
}

/**
 * The title and sections of a document of that kind; ExtractionError when it cannot be read or
 * goes over a limit. A PDF is counted while it is read (it may inflate far past its size); a
 * ZIP container's parts are capped while they unzip (zip.ts); the text of every other kind is
 * no larger than its bytes, so all of it is counted once extracted. The file name only gives
 * source code its language.
 */
export async function extractText(
  kind: SourceKind,
  bytes: Uint8Array,
  limits: IngestLimits,
  fileName?: string,
): Promise<Extracted> {
  const budget = new CharacterBudget(limits);
  if (kind === 'pdf') return extractPdf(bytes, limits, budget);
  const extracted = await extractOther(kind, bytes, limits, fileName).catch((error: unknown) => {
    // A malformed container can break a reader in ways it has no message for: the document
    // fails at once with a sentence, rather than being retried.
    if (error instanceof ExtractionError || !CONTAINERS.has(kind)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ExtractionError(`could not read the ${kind.toUpperCase()} file: ${reason}`);
  });
  for (const section of extracted.sections) budget.spend(section.text);
  return extracted;
}

const CONTAINERS = new Set<SourceKind>(['docx', 'xlsx', 'pptx', 'epub']);

async function extractOther(
  kind: Exclude<SourceKind, 'pdf'>,
  bytes: Uint8Array,
  limits: IngestLimits,
  fileName: string | undefined,
): Promise<Extracted> {
  switch (kind) {
    case 'docx':
      return extractDocx(bytes, limits);
    case 'xlsx':
      return extractXlsx(bytes, limits);
    case 'pptx':
      return extractPptx(bytes, limits);
    case 'epub':
      return extractEpub(bytes, limits);
    case 'html':
      return extractHtml(decodeUtf8(bytes));
    case 'markdown':
      return extractMarkdown(decodeUtf8(bytes));
    case 'csv':
      return extractCsv(decodeUtf8(bytes));
    case 'code':
      return extractCode(decodeUtf8(bytes), fileName);
    case 'png':
    case 'jpeg':
      return extractPicture(bytes, limits);
    case 'sitemap':
      return extractSitemap(bytes);
    case 'text': {
      const sections: ExtractedSection[] = [];
      addSection(sections, { text: decodeUtf8(bytes) });
      return { sections };
    }
  }
}
